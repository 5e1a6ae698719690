import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ServerConfig } from '../../kernel/config.js';
import { restError } from '../../kernel/errors/rest-error.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import type { CallStatisticsRow, RecordingRow, UserRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { AUDIO_CONTENT_TYPES, audioFormatOfName, looksLike, type AudioFormat } from '../../kernel/audio.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { DownloadError, safeDownload } from '../../infra/safe-download.js';
import { hashSecret, randomHex, randomUrlId } from '../../kernel/secrets.js';
import { canSeeCall } from '../statistics/call-visibility.js';

const UPLOAD_TOKEN_LIFETIME = 3600;
/** Links to recordings handed out in answers stay valid this long. */
const FILE_LINK_LIFETIME = 24 * 3600;

export type AttachRequest =
  | { mode: 'download'; callId: string; url: string; filename: string | null }
  | { mode: 'content'; callId: string; filename: string; content: string }
  | { mode: 'upload-url'; callId: string; filename: string };

/** Call recordings (E47–E57): attach by content, by upload URL or by download; serve back. */
export class RecordingsService {
  constructor(
    private readonly storage: Storage,
    private readonly blobs: BlobStore,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  /** attachRecord, checks in the catalogued order (E53). */
  async attach(request: AttachRequest, baseUrl: string): Promise<{ FILE_ID: number } | { uploadUrl: string; fieldName: string }> {
    const row = await this.storage.statistics.findByCallId(request.callId);
    if (!row) throw restError('CALL_NOT_FINISHED');
    if (request.mode === 'download') {
      const filename = request.filename ?? lastPathSegment(request.url);
      const format = checkedFormat(filename);
      const data = await this.download(request.url);
      return { FILE_ID: await this.store(row, filename, format, data, request.url) };
    }
    const format = checkedFormat(request.filename);
    if (request.mode === 'content') {
      const data = decodeBase64(request.content);
      return { FILE_ID: await this.store(row, request.filename, format, data, null) };
    }
    const token = randomHex(24);
    await this.storage.recordings.insertUploadToken({
      token_hash: hashSecret(token),
      call_id: row.call_id,
      filename: request.filename.trim(),
      expires_at: unixSeconds(this.clock) + UPLOAD_TOKEN_LIFETIME,
      used_at: null,
    });
    return { uploadUrl: `${baseUrl}/rest/upload.json?token=${token}`, fieldName: 'file' };
  }

  /** The multipart upload to an uploadUrl (E56): single use, expiring, bound to its call. */
  async upload(token: string, data: Buffer): Promise<number> {
    return this.afterCommit(async (tx) => {
      // The token is spent only if the upload is stored: a rejected file may be sent again.
      const claimed = await tx.recordings.claimUploadToken(hashSecret(token), unixSeconds(this.clock));
      if (!claimed) throw restError('UPLOAD_URL_INVALID');
      const row = await tx.statistics.findByCallId(claimed.call_id);
      if (!row) throw restError('CALL_NOT_FINISHED');
      return this.storeWith(tx, row, claimed.filename, checkedFormat(claimed.filename), data, null);
    });
  }

  /** E36: the deprecated RECORD_URL of finish is fetched once the finish committed; its failure never reaches the caller. */
  fetchAfterCommit(callId: string, url: string): void {
    this.storage.afterCommit(() => void this.attachFromFinish(callId, url).catch(() => {}));
  }

  /** Downloads the deprecated RECORD_URL of finish; failures stay invisible to the caller (E36). */
  async attachFromFinish(callId: string, url: string): Promise<void> {
    const row = await this.storage.statistics.findByCallId(callId);
    const filename = lastPathSegment(url);
    const format = audioFormatOfName(filename);
    if (!row || !format) return;
    const data = await this.download(url);
    await this.store(row, filename, format, data, url);
  }

  async get(id: number): Promise<RecordingRow | undefined> {
    return this.storage.recordings.findById(id);
  }

  /** A recording by the id in its URLs. */
  async byPublicId(publicId: string): Promise<RecordingRow | undefined> {
    return this.storage.recordings.findByPublicId(publicId);
  }

  /** Whether `viewer` may open the recording with a token: whoever sees its call in the statistics (F1). */
  async visibleTo(recording: RecordingRow, viewer: UserRow): Promise<boolean> {
    const call = await this.storage.statistics.findByCallId(recording.call_id);
    return !!call && canSeeCall(viewer, call);
  }

  read(recording: RecordingRow, range?: { start: number; end: number }): Promise<Buffer> {
    return this.blobs.read(recording.blob_key, range);
  }

  /** A link to a recording that works without other credentials until it expires. */
  async fileLink(recording: RecordingRow, baseUrl: string): Promise<string> {
    const expires = unixSeconds(this.clock) + FILE_LINK_LIFETIME;
    const signature = await this.sign(recording.public_id, expires);
    return `${baseUrl}/records/${recording.public_id}/${encodeURIComponent(recording.filename)}?expires=${expires}&signature=${signature}`;
  }

  async verifyLink(publicId: string, expires: number, signature: string): Promise<boolean> {
    if (!Number.isSafeInteger(expires) || expires <= unixSeconds(this.clock)) return false;
    const expected = Buffer.from(await this.sign(publicId, expires));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private async sign(publicId: string, expires: number): Promise<string> {
    const secret = await this.storage.settings.setIfAbsent('recording_link_secret', randomHex(32));
    return createHmac('sha256', secret).update(`${publicId}.${expires}`).digest('base64url');
  }

  private async download(url: string): Promise<Buffer> {
    try {
      const { data } = await safeDownload(url, {
        allowPrivate: this.config.allowPrivateRecordUrls,
        allowedHosts: this.config.recordUrlAllowedHosts,
        timeoutMs: this.config.recordUrlTimeoutMs,
        maxBytes: this.config.recordingLimit,
        maxRedirects: 5,
      });
      return data;
    } catch (error) {
      if (error instanceof DownloadError) {
        throw error.refused
          ? restError('RECORD_URL_REFUSED', { reason: error.message })
          : restError('RECORD_URL_FAILED', { status: error.status });
      }
      throw error;
    }
  }

  private store(row: CallStatisticsRow, filename: string, format: AudioFormat, data: Buffer, recordUrl: string | null): Promise<number> {
    return this.afterCommit((tx) => this.storeWith(tx, row, filename, format, data, recordUrl));
  }

  /** Runs a store in a transaction; the replaced recording's bytes are removed only once it committed. */
  private async afterCommit(work: (tx: Storage) => Promise<Stored>): Promise<number> {
    const stored = await this.storage.transaction(work);
    const replaced = stored.replacedBlob;
    if (replaced) this.storage.afterCommit(() => void this.blobs.delete(replaced).catch(() => {}));
    return stored.id;
  }

  /** Keeps the bytes and links them to the statistics row; a later attach replaces the earlier one (E54). */
  private async storeWith(
    tx: Storage,
    row: CallStatisticsRow,
    filename: string,
    format: AudioFormat,
    data: Buffer,
    recordUrl: string | null,
  ): Promise<Stored> {
    if (data.length === 0) throw restError('FILE_CONTENT_EMPTY');
    if (data.length > this.config.recordingLimit) throw restError('RECORDING_TOO_LARGE', { limit: this.config.recordingLimit });
    if (!looksLike(format, data)) throw restError('FILE_CONTENT_NOT_AUDIO', { format });
    const blobKey = `recordings/${row.call_id}/${randomHex(8)}.${format}`;
    await this.blobs.put(blobKey, data);
    try {
      const recording = await tx.recordings.insert({
        public_id: randomUrlId(16),
        call_id: row.call_id,
        filename: filename.trim(),
        content_type: AUDIO_CONTENT_TYPES[format],
        size: data.length,
        blob_key: blobKey,
        created_at: unixSeconds(this.clock),
      });
      const current = await tx.statistics.findByCallId(row.call_id);
      const previous = current?.record_file_id ? await tx.recordings.findById(current.record_file_id) : undefined;
      await tx.statistics.setRecording(row.id, recording.id, recordUrl ?? current?.call_record_url ?? null);
      if (previous) await tx.recordings.delete(previous.id);
      await tx.callEvents.add({
        call_id: row.call_id,
        at: recording.created_at,
        kind: 'recording_attached',
        user_id: null,
        detail: JSON.stringify({ filename: recording.filename, size: recording.size, replaced: !!previous }),
      });
      return { id: recording.id, replacedBlob: previous?.blob_key ?? null };
    } catch (error) {
      await this.blobs.delete(blobKey);
      throw error;
    }
  }
}

interface Stored {
  id: number;
  replacedBlob: string | null;
}

/** E51: a name is required and must end in wav or mp3. */
function checkedFormat(filename: string): AudioFormat {
  if (filename.trim() === '') throw restError('FILE_NAME_EMPTY');
  const format = audioFormatOfName(filename);
  if (!format) throw restError('FILE_EXTENSION_WRONG');
  return format;
}

/** E52: strict Base64 (no data: prefix, no stray characters). */
function decodeBase64(content: string): Buffer {
  const compact = content.replace(/\s+/g, '');
  if (compact === '') throw restError('FILE_CONTENT_EMPTY');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw restError('FILE_CONTENT_NOT_BASE64');
  }
  return Buffer.from(compact, 'base64');
}

function lastPathSegment(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  } catch {
    return '';
  }
}
