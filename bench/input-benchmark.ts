// Reading hostile text: for each kind of adversarial message, the time to recognise a message ten
// times longer, against the time for the shorter one, same run. Linear work gives about 10 (less
// once the message is cut before the patterns run); quadratic work gives about 100.
import { containsMagicCode, recognize } from '../src/capability/intents';
import { findTranscriptLink } from '../src/certifications/transcript-link';

const N = 5_000;
const adversarial: Record<string, (n: number) => string> = {
  "a run of '<'": (n) => '<'.repeat(n),
  'unclosed mentions': (n) => '<at>'.repeat(Math.ceil(n / 4)),
  'unclosed tags with text': (n) => '<a b'.repeat(Math.ceil(n / 4)),
  'spaces before a letter': (n) => `${' '.repeat(n)}x`,
  'digits one short of a code': (n) => '12345 '.repeat(Math.ceil(n / 6)),
  'mixed markup and punctuation': (n) => '<at>&nbsp;<<>!'.repeat(Math.ceil(n / 14)),
  'near-miss transcript links': (n) =>
    'https://learn.microsoft.com/en-us/users/'.concat('a'.repeat(60), '/transcript/').repeat(Math.ceil(n / 112)),
};

/** Best of several rounds of the time per call, each round long enough for the timer to matter. */
function timePerCall(text: string): number {
  const once = () => {
    recognize(text);
    containsMagicCode(text);
    findTranscriptLink(text);
  };
  let calls = 1;
  let elapsed = 0;
  while (elapsed < 20) {
    calls *= 2;
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i += 1) once();
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  let best = elapsed / calls;
  for (let round = 0; round < 4; round += 1) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i += 1) once();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6 / calls);
  }
  return best;
}

export async function runInputBenchmark(): Promise<void> {
  for (const [name, make] of Object.entries(adversarial)) {
    const small = timePerCall(make(N));
    const large = timePerCall(make(10 * N));
    console.log(
      `input ${name}: ${N} chars ${(small * 1000).toFixed(1)} µs, ${10 * N} chars ${(large * 1000).toFixed(1)} µs, ratio=${(large / small).toFixed(2)} (linear ≈ 10, quadratic ≈ 100)`,
    );
  }
  return Promise.resolve();
}
