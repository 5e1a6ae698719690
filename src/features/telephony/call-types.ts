/** Call TYPE values of register (E5, E9). */
export const CALL_TYPE = { OUTGOING: 1, INCOMING: 2, INCOMING_REDIRECTED: 3, CALLBACK: 4, INFORMATIONAL: 5 } as const;

export function isKnownCallType(type: number): boolean {
  return Number.isInteger(type) && type >= 1 && type <= 5;
}

/** Incoming calls are TYPE 2 and 3; callbacks and informational calls count as outgoing (E38). */
export function isIncoming(type: number): boolean {
  return type === CALL_TYPE.INCOMING || type === CALL_TYPE.INCOMING_REDIRECTED;
}

/** Activity DIRECTION (I12): 1 incoming, 2 outgoing. */
export function activityDirection(type: number): 1 | 2 {
  return isIncoming(type) ? 1 : 2;
}
