// `npm run bench -- requests`: how many Azure Storage requests each kind of turn sends, and how many
// round trips it waits for (requests in flight together count once), on a real Azurite with
// STORE=azure. Exact rather than timed: the requests are counted as Node's http client sends them
// (test/support/storage-requests.ts). Turns run one at a time with the background work off, after a
// warm-up (tables created, secrets read), so each figure is what a turn costs on a running instance.
// `npm run bench -- requests --lines` also prints every request: its round trip, method and path.
// "status" is Adele's (a manager with Partner University access, a Learning account and her
// transcript read); "button press" is her "Remove access" (asks to confirm). Goal: a status turn takes
// at most 2 round trips.
import { DEV_SHARE_IDS, LearnStandIn } from '../src/stand-ins/learn-stand-in';
import { generateOrg } from '../src/stand-ins/graph-org-stand-in';
import { associateLearning } from '../test/support/associate-learning';
import { startAzurite, uniquePrefix } from '../test/support/azurite';
import { personal, work } from '../test/support/dev-people';
import { StorageRequests, type RequestTally } from '../test/support/storage-requests';
import { TabHarness } from '../test/support/tab-harness';
import type { TeamsChat, TurnResult } from '../test/support/teams-chat';

const TURNS = 5;
const STATUS_ROUND_TRIPS_GOAL = 2;
const linkOf = (shareId: string) => `https://learn.microsoft.com/en-us/users/adelevance-4821/transcript/${shareId}`;

interface TurnKind {
  name: string;
  /** Anything the turn needs first (not counted). */
  before?: () => Promise<void> | void;
  turn: () => Promise<TurnResult>;
}

/** Waits until no storage request is in flight (a turn's answer can arrive before its last save does). */
async function settled(requests: StorageRequests): Promise<void> {
  for (let i = 0; i < 200 && requests.inFlight > 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

export async function runRequestsBenchmark(): Promise<void> {
  const showLines = process.argv.includes('--lines');
  const azurite = await startAzurite();
  const learn = new LearnStandIn();
  const learnUrl = await learn.start();
  const h = new TabHarness(
    () => ({ ...azurite.env(uniquePrefix()), LEARN_API_URL: learnUrl, LOG_LEVEL: 'warn' }),
    generateOrg({ size: 40, branching: 10 }),
    {
      proactive: { background: false },
      certifications: { background: false },
    },
  );
  const requests = new StorageRequests([azurite.tableUrl, azurite.queueUrl]);
  try {
    await h.start();
    const adele = work('adele');
    // Adele, a manager: Partner University access and a Learning account with her transcript read.
    await h.app.store.link(
      {
        user: { tenantId: adele.tenantId, objectId: adele.objectId, displayName: adele.displayName },
        purpose: 'training',
        personal: { accountId: personal('adele').objectId, displayName: 'Adele', maskedEmail: 'a***@outlook.com' },
      },
      h.clock.now(),
    );
    const { chat } = await h.teamCardChat(adele);
    await associateLearning(chat);
    await chat.say(linkOf(DEV_SHARE_IDS.adele));
    // Alex: Partner University access only (the store benchmark's people).
    const alex = work('alex');
    await h.app.store.link(
      {
        user: { tenantId: alex.tenantId, objectId: alex.objectId, displayName: alex.displayName },
        purpose: 'training',
        personal: { accountId: personal('alex').objectId, displayName: 'Alex', maskedEmail: 'a***@hotmail.com' },
      },
      h.clock.now(),
    );
    const alexChat = h.chat({ name: alex.displayName, tenantId: alex.tenantId, aadObjectId: alex.objectId });
    const kinds: TurnKind[] = [
      { name: 'status', turn: () => chat.say('status') },
      { name: 'status (Partner University only)', turn: () => alexChat.say('status') },
      { name: 'button press', turn: () => pressOnLatest(chat, 'Remove access') },
      // Learn is read at most once a minute per link: a minute passes before each paste.
      {
        name: 'paste',
        before: () => h.clock.advanceMs(61_000),
        turn: () => chat.say(`my transcript: ${linkOf(DEV_SHARE_IDS.adele)}`),
      },
      { name: 'team status', turn: () => chat.say('team status') },
    ];
    requests.start();
    console.log(
      `requests benchmark: Azure Storage requests per turn on Azurite (STORE=azure), ${TURNS} turns of each kind after a warm-up, node ${process.version}`,
    );
    let statusRoundTrips = 0;
    for (const kind of kinds) {
      await kind.before?.();
      await kind.turn(); // warm-up
      await settled(requests);
      requests.take();
      const tallies: RequestTally[] = [];
      for (let i = 0; i < TURNS; i++) {
        await kind.before?.();
        await kind.turn();
        await settled(requests);
        tallies.push(requests.take());
      }
      const range = (values: number[]) =>
        Math.min(...values) === Math.max(...values)
          ? String(values[0])
          : `${Math.min(...values)}-${Math.max(...values)}`;
      const counts = tallies.map((t) => t.requests);
      const trips = tallies.map((t) => t.roundTrips);
      if (kind.name.startsWith('status')) statusRoundTrips = Math.max(statusRoundTrips, ...trips);
      console.log(`  ${kind.name.padEnd(34)} requests=${range(counts).padEnd(5)} round_trips=${range(trips)}`);
      if (showLines) for (const line of tallies[tallies.length - 1]?.lines ?? []) console.log(`      ${line}`);
    }
    console.log(`requests: status_round_trips=${statusRoundTrips} (goal <= ${STATUS_ROUND_TRIPS_GOAL})`);
  } finally {
    requests.stop();
    await h.stop().catch(() => undefined);
    await learn.stop();
    await azurite.stop();
  }
}

/** Presses `title` on the latest card that has it (the card the person sees). */
async function pressOnLatest(chat: TeamsChat, title: string): Promise<TurnResult> {
  return chat.press(chat.latestCard(title).id, title);
}
