/**
 * Permission scopes. A method declares one scope; a credential satisfies it when it was granted
 * that scope or one of its stand-ins (`user_basic`/`user_brief` read users too).
 */
export const BASIC_SCOPE = 'basic';

/** Scopes a credential may be granted on this server. */
export const GRANTABLE_SCOPES = ['telephony', 'crm', 'user', 'user_basic', 'user_brief', 'im', 'call'] as const;

/** Every permission code of a cloud portal (the reference's permissions page), for `scope` with `full=true` (B19). */
export const CLOUD_SCOPES = [
  'ai_admin',
  'biconnector',
  'bizproc',
  'booking',
  'calendar',
  'call',
  'cashbox',
  'catalog',
  'contact_center',
  'crm',
  'delivery',
  'department',
  'disk',
  'documentgenerator',
  'entity',
  'humanresources',
  'humanresources.hcmlink',
  'im',
  'imbot',
  'imconnector',
  'imopenlines',
  'intranet',
  'landing',
  'lists',
  'log',
  'mailservice',
  'main',
  'messageservice',
  'mobile',
  'pay_system',
  'placement',
  'pull',
  'rpa',
  'sale',
  'salescenter',
  'sign.b2e',
  'socialnetwork',
  'sonet_group',
  'task',
  'telephony',
  'timeman',
  'user',
  'user.userfield',
  'user_basic',
  'user_brief',
  'userconsent',
  'userfieldconfig',
  'vote',
] as const;

const STAND_INS: Record<string, readonly string[]> = {
  user: ['user', 'user_basic', 'user_brief'],
};

export function scopeSatisfied(required: string, granted: ReadonlySet<string>): boolean {
  if (required === BASIC_SCOPE) return true;
  return (STAND_INS[required] ?? [required]).some((scope) => granted.has(scope));
}

/** Parses "a,b , c" or a list into distinct lowercase scope codes. */
export function parseScopes(input: string | readonly string[]): string[] {
  const parts = typeof input === 'string' ? input.split(',') : input;
  return [...new Set(parts.map((s) => s.trim().toLowerCase()).filter(Boolean))];
}

/** Scope codes this server does not know, for a clear error when an admin grants them. */
export function unknownScopes(scopes: readonly string[]): string[] {
  return scopes.filter((s) => !(GRANTABLE_SCOPES as readonly string[]).includes(s));
}
