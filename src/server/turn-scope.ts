// One scope per incoming activity: a correlation id (the activity id when it is a plain id, else a
// random one) that every log line of the turn carries, and the turn's trace span when telemetry is
// on. Only the activity's type, name, channel and conversation type label it: never text or values.
import { randomUUID } from 'node:crypto';
import { inTurn } from '../log';
import { inTurnSpan } from '../telemetry';

/** A short label from an untrusted field, or undefined (no '@': no addresses in labels). */
function label(value: unknown, max = 64): string | undefined {
  return typeof value === 'string' && value.length <= max && /^[A-Za-z0-9_:.|/-]+$/.test(value) ? value : undefined;
}

export function inTurnScope<T>(body: unknown, fn: () => Promise<T>): Promise<T> {
  const activity = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const conversation =
    activity.conversation !== null && typeof activity.conversation === 'object'
      ? (activity.conversation as Record<string, unknown>)
      : {};
  const turn = label(activity.id, 128) ?? randomUUID();
  return inTurn(turn, () =>
    inTurnSpan(
      {
        turn,
        type: label(activity.type),
        name: label(activity.name),
        channel: label(activity.channelId),
        conversationType: label(conversation.conversationType),
      },
      fn,
    ),
  );
}
