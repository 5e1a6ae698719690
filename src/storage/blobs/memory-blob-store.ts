import type { BlobStore } from './blob-store.js';

/** Blobs in memory, for `serve --memory` and tests. */
export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Buffer>();

  async put(key: string, data: Buffer): Promise<void> {
    this.blobs.set(key, Buffer.from(data));
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Buffer> {
    const blob = this.blobs.get(key);
    if (!blob) throw new Error(`no blob ${key}`);
    return range ? blob.subarray(range.start, range.end + 1) : blob;
  }

  async delete(key: string): Promise<void> {
    this.blobs.delete(key);
  }

  /** Forgets every blob (a portal reset: no row refers to any of them any more). */
  clear(): void {
    this.blobs.clear();
  }
}
