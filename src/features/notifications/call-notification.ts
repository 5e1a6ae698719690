import type { ActiveCallRow, CallStatisticsRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { isIncoming } from '../telephony/call-types.js';

/** im notification types: 4 = system notification (no sender). */
export const SYSTEM_NOTIFICATION = 4;

/** Tells the finishing employee about the call in their notifications (E42). */
export async function notifyCallFinished(
  tx: Storage,
  input: { call: ActiveCallRow; statistics: CallStatisticsRow; entityName: string | null; userId: number; now: number },
): Promise<void> {
  const { call, statistics } = input;
  const direction = isIncoming(call.call_type) ? 'Incoming' : 'Outgoing';
  const answered = statistics.call_status === 1;
  const outcome = answered ? `lasted ${formatDuration(statistics.call_duration)}` : `not answered (code ${statistics.call_failed_code})`;
  const who = input.entityName ? ` (${input.entityName})` : '';
  await tx.notifications.insert({
    user_id: input.userId,
    author_id: 0,
    notify_type: SYSTEM_NOTIFICATION,
    module: 'voximplant',
    event: 'default',
    tag: `VOXIMPLANT|CALL|${call.call_id}`,
    title: `${direction} call`,
    text: `${direction} call ${direction === 'Incoming' ? 'from' : 'to'} ${call.phone_number}${who} ${outcome}.`,
    params: JSON.stringify({ CALL_ID: call.call_id, STATISTICS_ID: statistics.id }),
    created_at: input.now,
  });
}

function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return minutes > 0 ? `${minutes} min ${rest} s` : `${rest} s`;
}
