import type { Storage } from '../../storage/storage.js';
import { unixSeconds, type Clock } from '../../util/clock.js';
import type { CrmForCalls } from '../crm/crm-types.js';
import type { EventsService } from '../events/events-service.js';
import { finishCall, type FinishCallInput, type FinishCallResult } from './finish-call.js';
import { registerCall, type RegisterCallInput, type RegisterCallResult } from './register-call.js';

export type RaiseEvent = (event: string, data: Record<string, unknown>, userId: number) => Promise<void>;

/** The external call lifecycle: register → finish, each one transaction. */
export class CallsService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    /** The CRM bound to a given storage (or transaction). */
    private readonly crmFor: (storage: Storage) => CrmForCalls,
    private readonly events: EventsService,
    private readonly timeZone: string,
  ) {}

  /** `alsoInTransaction` runs after the registration, in its transaction (e.g. to queue an event about it). */
  register(input: RegisterCallInput, alsoInTransaction?: (tx: Storage, registered: RegisterCallResult) => Promise<void>): Promise<RegisterCallResult> {
    const now = unixSeconds(this.clock);
    return this.storage.transaction(async (tx) => {
      const registered = await registerCall(tx, this.crmFor(tx), input, now, this.raiser(tx));
      if (alsoInTransaction) await alsoInTransaction(tx, registered);
      return registered;
    });
  }

  finish(input: FinishCallInput): Promise<FinishCallResult> {
    const now = unixSeconds(this.clock);
    return this.storage.transaction((tx) => finishCall(tx, this.crmFor(tx), input, now, this.raiser(tx), this.timeZone));
  }

  /** Events raised inside the call's transaction, so they exist exactly when the call's changes do. */
  private raiser(tx: Storage): RaiseEvent {
    return (event, data, userId) => this.events.raise(tx, event, data, userId);
  }
}
