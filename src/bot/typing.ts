// Teams' typing indicator while slow work goes on (a Learn read, a Graph walk, a reminder run, an
// export): sent before the work starts and again every TYPING_PERIOD_MS, because Teams shows it for
// about three seconds. Teams shows it in 1:1 and group chats, never in channels, so none is sent
// there. A typing activity that cannot be sent is dropped: it never fails the turn, and none is
// left in flight when the turn ends.
import type { Turn } from '../channel/turn';

export const TYPING_PERIOD_MS = 2_500;

/** Runs `work` with the typing indicator showing in the conversation of `turn`. */
export async function whileTyping<T>(turn: Turn, work: () => Promise<T>, periodMs = TYPING_PERIOD_MS): Promise<T> {
  if (turn.conversation.type === 'channel') return work();
  const inFlight = new Set<Promise<unknown>>();
  const send = () => {
    const sending = turn.send({ type: 'typing' }).catch(() => undefined);
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
  };
  send();
  const timer = setInterval(send, periodMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await Promise.all(inFlight);
  }
}
