import { restError } from '../../rest/errors.js';
import type { Storage } from '../../storage/storage.js';
import { unixSeconds, type Clock } from '../../util/clock.js';

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
      if (!row) throw restError('ERROR_CORE', `Call ${callId} is not found. Is it finished?`);
      const transcript = await tx.transcripts.insert({
        call_id: callId,
        messages: JSON.stringify(messages),
        cost,
        cost_currency: costCurrency,
        created_at: unixSeconds(this.clock),
      });
      if (row.transcript_id !== null) await tx.transcripts.delete(row.transcript_id);
      await tx.statistics.setTranscript(row.id, transcript.id);
      return transcript.id;
    });
  }

  /** The transcript of a call activity as text, one "<SIDE>: <MESSAGE>" line per message; null without one (E67). */
  async textForActivity(activityId: number): Promise<string | null> {
    const call = await this.storage.statistics.findByActivityId(activityId);
    if (!call?.transcript_id) return null;
    const transcript = await this.storage.transcripts.findById(call.transcript_id);
    if (!transcript) return null;
    const messages = JSON.parse(transcript.messages) as TranscriptMessage[];
    return messages.map((m) => `${m.side}: ${m.message}`).join('\n');
  }
}
