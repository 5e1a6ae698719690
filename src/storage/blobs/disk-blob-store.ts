import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { BlobStore } from './blob-store.js';

/** Blobs as files under one directory; writes go through a temporary file so a crash leaves no half file. */
export class DiskBlobStore implements BlobStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, path);
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Buffer> {
    const handle = await open(this.path(key), 'r');
    try {
      if (!range) return await handle.readFile();
      const length = range.end - range.start + 1;
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, range.start);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  /** Keys are made by the server, but a key can never point outside the root. */
  private path(key: string): string {
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new Error(`blob key ${key} leaves the store`);
    return path;
  }
}
