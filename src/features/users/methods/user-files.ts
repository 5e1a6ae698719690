import type { Services } from '../../services.js';
import { USER_FILE_FIELDS, type UserProfileInput } from '../user-input.js';

/** Keeps PERSONAL_PHOTO and WORK_LOGO given to user.add or user.update; user.get answers their links. */
export async function storeUserFiles(services: Services, userId: number, files: UserProfileInput['files'], baseUrl: string): Promise<void> {
  const links: { personal_photo?: string; work_logo?: string } = {};
  for (const [field, values] of Object.entries(files) as Array<
    [keyof typeof USER_FILE_FIELDS, UserProfileInput['files'][keyof typeof USER_FILE_FIELDS]]
  >) {
    if (!values) continue;
    await services.files.replace('USER', userId, field, values);
    const file = (await services.files.forOwners('USER', [userId])).get(userId)?.get(field)?.[0];
    links[USER_FILE_FIELDS[field]] = file ? await services.files.permanentLink(file, baseUrl) : '';
  }
  if (Object.keys(links).length > 0) await services.users.setFileLinks(userId, links);
}
