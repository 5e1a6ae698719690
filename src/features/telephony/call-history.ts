import type { ActiveCallRow, CallEventKind, CrmEntityType, UserRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import type { CrmForCalls } from '../crm/crm-types.js';
import { canSeeCall } from '../statistics/call-visibility.js';
import type { StatisticsService } from '../statistics/statistics-service.js';
import type { RecordingsService } from './recordings-service.js';
import type { TranscriptMessage } from './transcripts-service.js';

/** A person named in a call's history. */
export type PersonSummary = Pick<UserRow, 'id' | 'name' | 'last_name'>;

export interface CallHistoryEvent {
  id: number;
  at: number;
  kind: CallEventKind;
  user: PersonSummary | null;
  detail: Record<string, unknown>;
}

/** A call still in progress: what its registration said, and who sees its card. */
export interface ActiveCallFacts {
  user: PersonSummary | null;
  phoneNumber: string;
  callType: number;
  startAt: number;
  lineNumber: string | null;
  viewers: PersonSummary[];
}

export interface CallTimeline {
  callId: string;
  /** The statistics row as voximplant.statistic.get shows it; null while the call is active. */
  statistics: Record<string, unknown> | null;
  /** Who finished the call (the statistics' PORTAL_USER_ID). */
  finishedBy: PersonSummary | null;
  active: ActiveCallFacts | null;
  events: CallHistoryEvent[];
  crm: { type: CrmEntityType; id: number; title: string | null } | null;
  activityId: number | null;
  /** A signed same-origin link that answers byte ranges (the /records/ route). */
  recording: { url: string; filename: string; contentType: string; size: number } | null;
  transcript: { lines: TranscriptMessage[]; text: string } | null;
}

/** One call's whole story for the console, shown only to those who may see the call (F1). */
export class CallHistory {
  constructor(
    private readonly storage: Storage,
    private readonly crm: CrmForCalls,
    private readonly statistics: StatisticsService,
    private readonly recordings: RecordingsService,
  ) {}

  async timeline(callId: string, viewer: UserRow): Promise<CallTimeline | null> {
    const row = await this.storage.statistics.findByCallId(callId);
    const active = row ? undefined : await this.storage.activeCalls.findByCallId(callId);
    // Who sees an active call's card: read once, for the visibility rule and for the page.
    const viewerIds = active ? await this.storage.callCards.viewers(active.call_id) : [];
    if (row ? !canSeeCall(viewer, row) : !active || !mayWatch(viewer, active, viewerIds)) return null;

    const people = new People(this.storage);
    const events = await this.storage.callEvents.forCall(callId);
    const entityType = (row?.crm_entity_type ?? active?.crm_entity_type ?? null) as CrmEntityType | null;
    const entityId = row?.crm_entity_id ?? active?.crm_entity_id ?? null;
    const entity = entityType && entityId !== null ? await this.crm.getEntity(entityType, entityId) : null;
    return {
      callId,
      statistics: row ? this.statistics.present(row) : null,
      finishedBy: row ? await people.get(row.portal_user_id) : null,
      active: active ? await this.activeFacts(active, viewerIds, people) : null,
      events: await Promise.all(
        events.map(async (e) => ({
          id: e.id,
          at: Number(e.at),
          kind: e.kind,
          user: e.user_id === null ? null : await people.get(e.user_id),
          detail: parseDetail(e.detail),
        })),
      ),
      crm: entityType && entityId !== null ? { type: entityType, id: entityId, title: entity?.name ?? null } : null,
      activityId: row?.crm_activity_id ?? null,
      recording: row?.record_file_id ? await this.recordingLink(row.record_file_id) : null,
      transcript: row?.transcript_id ? await this.transcript(row.transcript_id) : null,
    };
  }

  private async activeFacts(call: ActiveCallRow, viewerIds: readonly number[], people: People): Promise<ActiveCallFacts> {
    const viewers = await Promise.all(viewerIds.map((id) => people.get(id)));
    return {
      user: await people.get(call.user_id),
      phoneNumber: call.phone_number,
      callType: call.call_type,
      startAt: Number(call.start_at),
      lineNumber: call.line_number,
      viewers: viewers.filter((v): v is PersonSummary => v !== null),
    };
  }

  private async recordingLink(recordingId: number): Promise<CallTimeline['recording']> {
    const recording = await this.recordings.get(recordingId);
    if (!recording) return null;
    // Same origin: the console page plays it through /records/, which answers byte ranges.
    const url = await this.recordings.fileLink(recording, '');
    return { url, filename: recording.filename, contentType: recording.content_type, size: recording.size };
  }

  private async transcript(transcriptId: number): Promise<CallTimeline['transcript']> {
    const row = await this.storage.transcripts.findById(transcriptId);
    if (!row) return null;
    const lines = JSON.parse(row.messages) as TranscriptMessage[];
    return { lines, text: lines.map((m) => `${m.side}: ${m.message}`).join('\n') };
  }
}

/** Users looked up once per answer. */
class People {
  private readonly known = new Map<number, Promise<PersonSummary | null>>();
  constructor(private readonly storage: Storage) {}

  get(id: number): Promise<PersonSummary | null> {
    let person = this.known.get(id);
    if (!person) {
      person = this.storage.users.findById(id).then((u) => (u ? { id: u.id, name: u.name, last_name: u.last_name } : null));
      this.known.set(id, person);
    }
    return person;
  }
}

function parseDetail(detail: string | null): Record<string, unknown> {
  if (!detail) return {};
  try {
    const value: unknown = JSON.parse(detail);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** An active call has no statistics yet: its employee sees it, and whoever its card is shown to. */
function mayWatch(viewer: UserRow, call: ActiveCallRow, viewerIds: readonly number[]): boolean {
  return viewer.is_admin === 1 || call.user_id === viewer.id || viewerIds.includes(viewer.id);
}
