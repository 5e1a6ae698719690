import type { CallStatisticsRow, UserRow } from '../../storage/schema.js';

/**
 * F1: administrators see every call, other employees their own. The one rule for everything that
 * shows a call: the statistics and the call's recording. Null: no restriction.
 */
export function visibleCallsOwner(viewer: UserRow): number | null {
  return viewer.is_admin === 1 ? null : viewer.id;
}

export function canSeeCall(viewer: UserRow, call: Pick<CallStatisticsRow, 'portal_user_id'>): boolean {
  const owner = visibleCallsOwner(viewer);
  return owner === null || call.portal_user_id === owner;
}
