/** What finish records about how a call ended (E31–E35). */
export interface CallOutcome {
  duration: number;
  failedCode: string;
  /** 1 = a conversation took place, 0 = unsuccessful or missed (E32). */
  status: 0 | 1;
  vote: number | null;
}

/** STATUS_CODE "200" when the call lasted, else "304" (missed), unless the PBX sent its own (E31). */
export function callOutcome(input: { duration: number; statusCode: string | null; vote: number | null }): CallOutcome {
  const duration = Math.max(0, input.duration);
  const failedCode = input.statusCode ?? (duration > 0 ? '200' : '304');
  const vote = input.vote !== null && input.vote >= 1 && input.vote <= 5 ? input.vote : null;
  return { duration, failedCode, status: failedCode === '200' ? 1 : 0, vote };
}
