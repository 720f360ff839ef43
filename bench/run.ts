// Benchmarks (not part of `npm test`). `npm run bench -- turn` measures the cost of a "status" turn
// (read from SQLite, build the card, reply to the channel stand-in) against a bare botbuilder echo
// bot on the same kind of server, same process, same run, at 1 and 50 concurrent users.
// `npm run bench -- transcript` measures a "refresh" turn that reads a 60-certification transcript
// from the Learn stand-in over HTTP and renders the card, against a "status" turn in the same run.
// `team` (team-benchmark.ts), `remind` (remind-benchmark.ts), `store` (store-benchmark.ts:
// Azurite vs SQLite, two instances vs one), `input` (input-benchmark.ts: hostile message text, 10× longer vs
// shorter), `requests` (requests-benchmark.ts: Azure Storage requests and round trips per turn kind,
// counted, not timed) and `forecast` (forecast-benchmark.ts: the skilling forecast of 10,000 people
// against team status of the same people).
import { runForecastBenchmark } from './forecast-benchmark';
import { runInputBenchmark } from './input-benchmark';
import { runRemindBenchmark } from './remind-benchmark';
import { runRequestsBenchmark } from './requests-benchmark';
import { runStoreBenchmark } from './store-benchmark';
import { runTeamBenchmark } from './team-benchmark';
import { runTranscriptBenchmark } from './transcript-benchmark';
import { runTurnBenchmark } from './turn-benchmark';

const benchmarks: Record<string, () => Promise<void>> = {
  turn: runTurnBenchmark,
  transcript: runTranscriptBenchmark,
  team: runTeamBenchmark,
  remind: runRemindBenchmark,
  store: runStoreBenchmark,
  input: runInputBenchmark,
  requests: runRequestsBenchmark,
  forecast: runForecastBenchmark,
};

const name = process.argv[2] ?? 'turn';
const benchmark = benchmarks[name];
if (!benchmark) {
  console.error(`Unknown benchmark "${name}". Available: ${Object.keys(benchmarks).join(', ')}`);
  process.exit(2);
}
benchmark().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
