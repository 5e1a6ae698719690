import { adminError } from '../../kernel/errors/admin-error.js';

/**
 * How a seed names one of its users (an app's, a webhook's owner, a CRM record's responsible): by
 * e-mail, or by position in `users` counting from 1, which on a fresh portal is also the user's ID.
 */
export type UserReference = string | number;

/** What references need to know of a seed's user (SeedUser of seed-document.ts). */
interface ReferencedUser {
  email?: string;
  admin?: boolean;
  active?: boolean;
}

/** The seed's users as references see them: checks a reference and tells which user it is. */
export class SeedUserDirectory {
  private readonly byEmail = new Map<string, number>();

  constructor(private readonly users: readonly ReferencedUser[]) {
    users.forEach((user, index) => {
      if (user.email !== undefined) this.byEmail.set(user.email.toLowerCase(), index);
    });
  }

  /** The reference as given, once it names a user of the seed. */
  check(value: unknown, path: string): UserReference {
    this.indexOf(value, path);
    return typeof value === 'string' ? value.trim() : (value as number);
  }

  /** The position (from 0) in `users` of the user a checked reference names. */
  indexOf(value: unknown, path: string): number {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value) || value < 1) throw adminError('SEED_NOT_A_USER_REFERENCE', { path });
      if (value > this.users.length) throw adminError('SEED_NO_SUCH_USER', { path, reference: value });
      return value - 1;
    }
    if (typeof value !== 'string' || value.trim() === '') throw adminError('SEED_NOT_A_USER_REFERENCE', { path });
    const index = this.byEmail.get(value.trim().toLowerCase());
    if (index === undefined) throw adminError('SEED_NO_SUCH_USER', { path, reference: JSON.stringify(value.trim()) });
    return index;
  }

  /** The first administrator's position: who owns what names no user. */
  firstAdmin(): number {
    return Math.max(
      0,
      this.users.findIndex((u) => u.admin && u.active !== false),
    );
  }
}
