import { restError } from '../../kernel/errors/rest-error.js';
import type { Storage } from '../../storage/storage.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';

export interface TranscriptMessage {
  side: 'User' | 'Client';
  start: number;
  stop: number;
  message: string;
}

/** Call transcripts (E66, E67): stored per finished call, readable back through the CRM activity. */
export class TranscriptsService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  /** Attaches a transcript; a second one replaces the first with a new ID (E66). */
  async attach(callId: string, messages: TranscriptMessage[], cost: number | null, costCurrency: string | null): Promise<number> {
    return this.storage.transaction(async (tx) => {
      const row = await tx.statistics.findByCallId(callId);
      if (!row) throw restError('TRANSCRIPT_CALL_NOT_FOUND', { callId });
      const transcript = await tx.transcripts.insert({
        call_id: callId,
        messages: JSON.stringify(messages),
        cost,
        cost_currency: costCurrency,
        created_at: unixSeconds(this.clock),
      });
      if (row.transcript_id !== null) await tx.transcripts.delete(row.transcript_id);
      await tx.statistics.setTranscript(row.id, transcript.id);
      await tx.callEvents.add({
        call_id: callId,
        at: transcript.created_at,
        kind: 'transcript_attached',
        user_id: null,
        detail: JSON.stringify({ messages: messages.length, replaced: row.transcript_id !== null }),
      });
      return transcript.id;
    });
  }

  /**
   * The transcript of call activity `activityId` as text, one "<SIDE>: <MESSAGE>" line per message;
   * null without one, ACTIVITY_NOT_FOUND without such an activity (E67).
   */
  async textForActivity(activityId: number | null): Promise<string | null> {
    const activity = activityId === null ? undefined : await this.storage.crmActivities.findById(activityId);
    if (!activity) throw restError('ACTIVITY_NOT_FOUND');
    const call = await this.storage.statistics.findByActivityId(activity.id);
    if (!call?.transcript_id) return null;
    const transcript = await this.storage.transcripts.findById(call.transcript_id);
    if (!transcript) return null;
    const messages = JSON.parse(transcript.messages) as TranscriptMessage[];
    return messages.map((m) => `${m.side}: ${m.message}`).join('\n');
  }
}
