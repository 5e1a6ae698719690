import type { UserRow } from '../../storage/schema.js';

const CALL_TYPE_LABELS: Record<number, string> = {
  1: 'Outgoing',
  2: 'Incoming',
  3: 'Incoming, redirected',
  4: 'Callback',
  5: 'Informational',
};

/** A call type (1–5) in words. */
export function callTypeLabel(type: number): string {
  return CALL_TYPE_LABELS[type] ?? `type ${type}`;
}

/** Seconds as m:ss, or h:mm:ss past an hour. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** A user's name as people read it, or "user N" when it is empty. */
export function userName(user: Pick<UserRow, 'id' | 'name' | 'last_name'>): string {
  return [user.name, user.last_name].filter(Boolean).join(' ') || `user ${user.id}`;
}

const CRM_SECTIONS: Record<string, string> = { CONTACT: 'contacts', COMPANY: 'companies', LEAD: 'leads', DEAL: 'deals' };

/** The console page of a CRM entity (CONTACT 5 → /console/crm/contacts/5). */
export function crmEntityPath(type: string, id: number): string {
  return `/console/crm/${CRM_SECTIONS[type] ?? 'contacts'}/${id}`;
}
