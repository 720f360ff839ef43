// The load generator of the turn benchmark, in its own worker thread: the clients' work (building
// requests, fetch, timing) runs on another event loop than the bots it measures, as a real client
// would. One message in, one message out: { url, serviceUrl, concurrency, turns } → a Sample.
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';

export interface DriveRequest {
  url: string;
  serviceUrl: string;
  concurrency: number;
  turns: number;
  /** Several instances behind one load balancer: each request goes to the next (default: `url` only). */
  urls?: string[];
  users: number;
  tenantId: string;
  /** What each user types (default "status"). */
  text?: string;
}

export interface Sample {
  wallMs: number;
  latencies: number[];
}

export function objectId(user: number): string {
  return `00000000-0000-4000-8000-${String(user).padStart(12, '0')}`;
}

function activity(request: DriveRequest, user: number, turn: number): string {
  const userId = `user-${user}`;
  return JSON.stringify({
    type: 'message',
    text: request.text ?? 'status',
    id: `in-${user}-${turn}`,
    channelId: 'msteams',
    serviceUrl: request.serviceUrl,
    from: { id: `29:${userId}`, name: `User ${user}`, aadObjectId: objectId(user) },
    recipient: { id: '28:bot', name: 'Partner Link' },
    conversation: { id: `a:${userId}`, conversationType: 'personal', tenantId: request.tenantId },
    channelData: { tenant: { id: request.tenantId } },
  });
}

async function drive(request: DriveRequest): Promise<Sample> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < request.turns) {
      const turn = next++;
      const body = activity(request, turn % request.users, turn);
      const t0 = performance.now();
      const url = request.urls?.[turn % request.urls.length] ?? request.url;
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`turn failed with HTTP ${response.status}`);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: request.concurrency }, worker));
  return { wallMs: performance.now() - started, latencies };
}

parentPort?.on('message', (request: DriveRequest) => {
  drive(request).then(
    (sample) => parentPort?.postMessage({ ok: true, sample }),
    (error: unknown) =>
      parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
