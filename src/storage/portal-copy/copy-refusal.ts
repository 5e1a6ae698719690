import type { UnfitReason } from './column-values.js';

/** Why a portal copy did not happen; the command line turns each into its catalogue text. Nothing was written to the target's data. */
export type CopyRefusal =
  /** The source file is no SQLite database, or was never migrated: there is no portal in it. */
  | { kind: 'source-not-a-portal' }
  /** The source was migrated by a newer extcall than this one. */
  | { kind: 'source-newer'; migration: string }
  | { kind: 'target-unreachable'; reason: string }
  /** The target holds rows beyond what its migrations wrote. */
  | { kind: 'target-not-empty'; table: string; rows: number }
  /** The target's schema was migrated further than the source's (or differently). */
  | { kind: 'target-ahead'; source: string; target: string }
  /** After migrating, the target lacks a table or column the source has: its data would be lost. */
  | { kind: 'target-lacks'; table: string; column: string }
  | { kind: 'value-unfit'; table: string; column: string; row: string; reason: UnfitReason }
  | { kind: 'insert-failed'; table: string; reason: string }
  | { kind: 'count-mismatch'; table: string; source: number; target: number };

export class PortalCopyError extends Error {
  override readonly name = 'PortalCopyError';

  constructor(readonly refusal: CopyRefusal) {
    super(refusal.kind);
  }
}
