import type { Storage } from '../../storage/storage.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import type { CrmForCalls } from '../crm/crm-types.js';
import type { EventQueue, RaiseEvent } from '../events/event-queue.js';
import { finishCall, type FinishCallInput, type FinishCallResult } from './finish-call.js';
import { registerCall, type RegisterCallInput, type RegisterCallResult } from './register-call.js';

/** The external call lifecycle: register → finish, each one transaction. */
export class CallsService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    /** The CRM bound to a given storage (or transaction). */
    private readonly crmFor: (storage: Storage) => CrmForCalls,
    private readonly events: EventQueue,
    private readonly timeZone: string,
    /** Told once a registration or finish is committed (the console's live view). */
    private readonly changed: () => void = () => {},
  ) {}

  /** `alsoInTransaction` runs after the registration, in its transaction (e.g. to queue an event about it). */
  async register(
    input: RegisterCallInput,
    alsoInTransaction?: (tx: Storage, registered: RegisterCallResult) => Promise<void>,
  ): Promise<RegisterCallResult> {
    const now = unixSeconds(this.clock);
    const registered = await this.storage.transaction(async (tx) => {
      const registered = await registerCall(tx, this.crmFor(tx), input, now, this.raiser(tx));
      if (alsoInTransaction) await alsoInTransaction(tx, registered);
      return registered;
    });
    this.changed();
    return registered;
  }

  async finish(input: FinishCallInput): Promise<FinishCallResult> {
    const now = unixSeconds(this.clock);
    const finished = await this.storage.transaction((tx) => finishCall(tx, this.crmFor(tx), input, now, this.raiser(tx), this.timeZone));
    this.changed();
    return finished;
  }

  /**
   * searchCrmEntities (E61–E65): the CRM entities with this number, the one to use first, each with
   * its responsible user's phones.
   */
  async searchCrmEntities(phone: string) {
    const matches = await this.crmFor(this.storage).findByPhone(phone);
    const result = [];
    for (const match of matches) {
      const owner = await this.storage.users.findById(match.assignedById);
      result.push({
        CRM_ENTITY_TYPE: match.entityType,
        CRM_ENTITY_ID: match.entityId,
        ASSIGNED_BY_ID: match.assignedById,
        NAME: match.name,
        ASSIGNED_BY: {
          ID: String(match.assignedById),
          TIMEMAN_STATUS: owner?.timeman_status ?? 'NOT_INSTALLED',
          USER_PHONE_INNER: owner?.phone_inner ?? null,
          WORK_PHONE: owner?.work_phone || null,
          PERSONAL_PHONE: owner?.personal_phone || null,
          PERSONAL_MOBILE: owner?.personal_mobile || null,
        },
      });
    }
    return result;
  }

  /** Events raised inside the call's transaction, so they exist exactly when the call's changes do. */
  private raiser(tx: Storage): RaiseEvent {
    return (event, data, userId) => this.events.raise(tx, event, data, userId);
  }
}
