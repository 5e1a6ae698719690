import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ServerConfig } from '../../kernel/config.js';
import { checkFileSizes, contentTypeOfName, type FileValue } from '../../kernel/params/file-values.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { randomHex, randomUrlId } from '../../kernel/secrets.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import type { StoredFileRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { formatPortalDate } from '../../kernel/portal-time.js';

/** Links to files handed out in answers stay valid this long. */
const FILE_LINK_LIFETIME = 24 * 3600;

/** Who a file belongs to: the owner kinds of file fields. */
export type FileOwnerKind = 'CONTACT' | 'COMPANY' | 'LEAD' | 'DEAL' | 'TIMELINE_COMMENT' | 'ACTIVITY' | 'USER';

/** The scope an access token needs to open a file of an owner kind. */
export function scopeOfOwner(kind: string): string {
  return kind === 'USER' ? 'user' : 'crm';
}

/**
 * The files of file fields: kept in the blob store (as recordings are), listed by owner and field,
 * served back through signed links or by the caller's credentials.
 */
export class FilesService {
  constructor(
    private readonly storage: Storage,
    private readonly blobs: BlobStore,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  /** FILE_FIELD_TOO_LARGE before anything is written. */
  check(values: Iterable<readonly FileValue[]>): void {
    for (const list of values) checkFileSizes(list, this.config.fileLimit);
  }

  /**
   * Replaces the files of one field of an owner by `values` (an empty list, or a removal, clears it).
   * The new bytes are written first; the replaced bytes go once the change committed.
   */
  async replace(kind: FileOwnerKind, ownerId: number, field: string, values: readonly FileValue[]): Promise<void> {
    this.check([values]);
    const added: string[] = [];
    try {
      const fresh: Array<{ value: { name: string; data: Buffer }; blobKey: string }> = [];
      for (const value of values) {
        if (value.kind !== 'set') continue;
        const blobKey = `files/${kind.toLowerCase()}/${ownerId}/${randomHex(8)}`;
        await this.blobs.put(blobKey, value.data);
        added.push(blobKey);
        fresh.push({ value, blobKey });
      }
      const removed = await this.storage.transaction(async (tx) => {
        const old = await tx.files.deleteForOwner(kind, ownerId, field);
        for (const { value, blobKey } of fresh) {
          await tx.files.insert({
            public_id: randomUrlId(16),
            owner_kind: kind,
            owner_id: ownerId,
            field,
            name: value.name,
            content_type: contentTypeOfName(value.name),
            size: value.data.length,
            blob_key: blobKey,
            created_at: unixSeconds(this.clock),
          });
        }
        return old;
      });
      this.dropBlobs(removed);
    } catch (error) {
      for (const key of added) await this.blobs.delete(key).catch(() => {});
      throw error;
    }
  }

  /** Removes every file of an owner (the owner was deleted). */
  async deleteOwner(kind: FileOwnerKind, ownerId: number): Promise<void> {
    this.dropBlobs(await this.storage.files.deleteForOwner(kind, ownerId));
  }

  /** The files of the activities and comments a CRM entity owns, to remove with deleteRows once it is deleted. */
  ofCrmEntityRecords(ownerTypeId: number, ownerId: number, kind: string): Promise<StoredFileRow[]> {
    return this.storage.files.ofCrmEntityRecords(ownerTypeId, ownerId, kind);
  }

  async deleteRows(rows: readonly StoredFileRow[]): Promise<void> {
    this.dropBlobs(await this.storage.files.deleteByIds(rows.map((row) => row.id)));
  }

  /** The files of owners, per owner id and field. */
  async forOwners(kind: FileOwnerKind, ownerIds: readonly number[]): Promise<Map<number, Map<string, StoredFileRow[]>>> {
    const out = new Map<number, Map<string, StoredFileRow[]>>();
    for (const row of await this.storage.files.forOwners(kind, ownerIds)) {
      const owner = out.get(row.owner_id) ?? new Map<string, StoredFileRow[]>();
      owner.set(row.field, [...(owner.get(row.field) ?? []), row]);
      out.set(row.owner_id, owner);
    }
    return out;
  }

  byPublicId(publicId: string): Promise<StoredFileRow | undefined> {
    return this.storage.files.findByPublicId(publicId);
  }

  read(file: StoredFileRow, range?: { start: number; end: number }): Promise<Buffer> {
    return this.blobs.read(file.blob_key, range);
  }

  /** A link to a file that works without other credentials until it expires. */
  async link(file: StoredFileRow, baseUrl: string): Promise<string> {
    const expires = unixSeconds(this.clock) + FILE_LINK_LIFETIME;
    const signature = await this.sign(file.public_id, expires);
    return `${baseUrl}/files/${file.public_id}/${encodeURIComponent(file.name)}?expires=${expires}&signature=${signature}`;
  }

  /**
   * A link that does not expire, for the photos of users (PERSONAL_PHOTO, WORK_LOGO): user.get answers
   * them as plain URLs that any client shows, as the cloud's are.
   */
  async permanentLink(file: StoredFileRow, baseUrl: string): Promise<string> {
    const signature = await this.sign(file.public_id, 0);
    return `${baseUrl}/files/${file.public_id}/${encodeURIComponent(file.name)}?expires=0&signature=${signature}`;
  }

  async verifyLink(publicId: string, expires: number, signature: string): Promise<boolean> {
    if (expires === 0) {
      // Only users' files have links without an end.
      if ((await this.byPublicId(publicId))?.owner_kind !== 'USER') return false;
    } else if (!Number.isSafeInteger(expires) || expires <= unixSeconds(this.clock)) return false;
    const expected = Buffer.from(await this.sign(publicId, expires));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** The answer form of a CRM file field: `{id, showUrl, downloadUrl}`. */
  async presentCrmFile(file: StoredFileRow, baseUrl: string): Promise<Record<string, unknown>> {
    const url = await this.link(file, baseUrl);
    return { id: file.id, showUrl: url, downloadUrl: `${url}&download=Y` };
  }

  /**
   * The answer form of an attached_diskfile list (a comment's FILES): a map of file id to the file,
   * with its author, its date in the portal's zone, and the size of an image.
   */
  async presentDiskFiles(files: readonly StoredFileRow[], authorId: number, baseUrl: string): Promise<Record<string, unknown>> {
    const author = await this.storage.users.findById(authorId);
    const authorName = author ? `${author.name} ${author.last_name}`.trim() : '';
    const out: Record<string, unknown> = {};
    for (const file of files) {
      const url = await this.link(file, baseUrl);
      const image = file.content_type.startsWith('image/') ? imageSize(await this.read(file)) : null;
      out[String(file.id)] = {
        id: file.id,
        date: formatPortalDate(Number(file.created_at) * 1000, this.config.timeZone),
        type: file.content_type.startsWith('image/') ? 'image' : 'file',
        name: file.name,
        size: file.size,
        ...(image ? { image } : {}),
        authorId,
        authorName,
        urlPreview: url,
        urlShow: url,
        urlDownload: `${url}&download=Y`,
      };
    }
    return out;
  }

  private dropBlobs(rows: readonly StoredFileRow[]): void {
    if (rows.length === 0) return;
    this.storage.afterCommit(() => {
      for (const row of rows) void this.blobs.delete(row.blob_key).catch(() => {});
    });
  }

  private async sign(publicId: string, expires: number): Promise<string> {
    const secret = await this.storage.settings.setIfAbsent('file_link_secret', randomHex(32));
    return createHmac('sha256', secret).update(`file.${publicId}.${expires}`).digest('base64url');
  }
}

/** Width and height of a PNG or GIF (the forms clients attach); null for others. */
function imageSize(data: Buffer): { width: number; height: number } | null {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47) return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  if (data.length >= 10 && data.subarray(0, 3).toString('latin1') === 'GIF')
    return { width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
  return null;
}
