import type { CrmEntityType, UserRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import type { CrmForCalls } from '../crm/crm-types.js';

/** One card as its employee sees it. */
export interface LiveCard {
  callId: string;
  phoneNumber: string;
  callType: number;
  startedAt: number;
  lineNumber: string | null;
  crm: { type: CrmEntityType; id: number; title: string | null; responsible: { id: number; name: string } | null } | null;
}

export interface LiveCardsSnapshot {
  /** Whose cards: everyone's (null) or one employee's. */
  forUserId: number | null;
  employees: Array<{ id: number; name: string; cards: LiveCard[] }>;
}

export type LiveCardsListener = () => void;

/**
 * The call cards open right now, per employee (the console's live view). Administrators see every
 * employee's and may pick one; an employee sees only the cards shown to them.
 */
export class LiveCards {
  private readonly listeners = new Set<LiveCardsListener>();

  constructor(
    private readonly storage: Storage,
    private readonly crm: CrmForCalls,
  ) {}

  async snapshot(viewer: UserRow, forUserId?: number | null): Promise<LiveCardsSnapshot> {
    const only = viewer.is_admin === 1 ? (forUserId ?? null) : viewer.id;
    const rows = await this.storage.shownCards.list(only);
    const names = new Map<number, Promise<string>>();
    const nameOf = (id: number) => {
      let name = names.get(id);
      if (!name) {
        name = this.storage.users
          .findById(id)
          .then((u) => (u ? [u.name, u.last_name].filter(Boolean).join(' ') || `user ${id}` : `user ${id}`));
        names.set(id, name);
      }
      return name;
    };
    const employees = new Map<number, LiveCardsSnapshot['employees'][number]>();
    for (const row of rows) {
      let employee = employees.get(row.viewer_id);
      if (!employee) {
        employee = { id: row.viewer_id, name: await nameOf(row.viewer_id), cards: [] };
        employees.set(row.viewer_id, employee);
      }
      const type = row.crm_entity_type as CrmEntityType | null;
      const entity = type && row.crm_entity_id !== null ? await this.crm.getEntity(type, row.crm_entity_id) : null;
      employee.cards.push({
        callId: row.call_id,
        phoneNumber: row.phone_number,
        callType: row.call_type,
        startedAt: Number(row.start_at),
        lineNumber: row.line_number,
        crm:
          type && row.crm_entity_id !== null
            ? {
                type,
                id: row.crm_entity_id,
                title: entity?.name ?? null,
                responsible: entity ? { id: entity.assignedById, name: await nameOf(entity.assignedById) } : null,
              }
            : null,
      });
    }
    return { forUserId: only, employees: [...employees.values()] };
  }

  /** Calls `listener` after each committed registration, show, hide or finish of this process. */
  onChange(listener: LiveCardsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Said by the call flows once their transaction returned; a rolled-back unit of work tells no one. */
  changed(): void {
    if (this.listeners.size === 0) return;
    this.storage.afterCommit(() => {
      for (const listener of [...this.listeners]) listener();
    });
  }
}
