/** Where recording bytes live. Disk today; an object store can implement the same interface. */
export interface BlobStore {
  put(key: string, data: Buffer): Promise<void>;
  /** The bytes [start, end] inclusive, or the whole blob. */
  read(key: string, range?: { start: number; end: number }): Promise<Buffer>;
  delete(key: string): Promise<void>;
}
