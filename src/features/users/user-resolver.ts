import { restError } from '../../kernel/errors/rest-error.js';
import type { UserActivity } from '../../storage/stores/users-store.js';
import type { Storage } from '../../storage/storage.js';

/** How a telephony call names its employee: USER_ID wins over USER_PHONE_INNER (E6). */
export type UserReference = { userId: number } | { innerNumber: string };

/** The active employee a telephony call names, or ERROR_CORE "User is not found or is not active" (E7, E28). */
export async function resolveActiveUser(storage: Storage, reference: UserReference): Promise<UserActivity> {
  const user =
    'userId' in reference
      ? await storage.users.activityById(reference.userId)
      : await storage.users.activeByInnerNumber(reference.innerNumber);
  if (!user || user.active !== 1) throw restError('USER_NOT_FOUND');
  return user;
}
