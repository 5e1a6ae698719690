import { createHash, randomBytes } from 'node:crypto';
import fresh from 'fresh';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseByteRanges, type ByteRange } from './byte-ranges.js';

/** Stored bytes to serve: recordings and the files of file fields alike, from disk or memory. */
export interface ServedBlob {
  /** What identifies these bytes for good (a stored blob is never rewritten: a new upload is a new one). */
  identity: string;
  size: number;
  contentType: string;
  /** Unix seconds the bytes were stored. */
  storedAt: number;
  read(range?: ByteRange): Promise<Buffer>;
}

/**
 * Serves a blob the way static file servers do, whatever store holds it: `ETag` and `Last-Modified`,
 * `If-None-Match` / `If-Modified-Since` → 304, `Range` with one range (206) or several
 * (206 multipart/byteranges), `If-Range` with a stale validator → the whole body, an unsatisfiable
 * range → 416. HEAD answers the same headers without the body.
 */
export async function sendBlob(request: FastifyRequest, reply: FastifyReply, blob: ServedBlob): Promise<FastifyReply> {
  const etag = etagOf(blob);
  const lastModified = new Date(blob.storedAt * 1000).toUTCString();
  reply.header('accept-ranges', 'bytes');
  reply.header('etag', etag);
  reply.header('last-modified', lastModified);
  if (notModified(request, etag, lastModified)) return reply.code(304).send();

  const ranges = rangeApplies(request, etag, lastModified) ? parseByteRanges(request.headers.range, blob.size) : null;
  if (ranges === 'unsatisfiable') {
    reply.header('content-range', `bytes */${blob.size}`);
    return reply.code(416).send();
  }
  const head = request.method === 'HEAD';
  if (!ranges) {
    reply.header('content-type', blob.contentType).header('content-length', blob.size);
    return reply.code(200).send(head ? undefined : await blob.read());
  }
  if (ranges.length === 1) {
    const [range] = ranges as [ByteRange];
    reply.header('content-type', blob.contentType);
    reply.header('content-range', `bytes ${range.start}-${range.end}/${blob.size}`);
    reply.header('content-length', range.end - range.start + 1);
    return reply.code(206).send(head ? undefined : await blob.read(range));
  }
  return sendMultipart(reply, blob, ranges, head);
}

/** Several ranges: one multipart/byteranges body, each part with its own Content-Range. */
async function sendMultipart(reply: FastifyReply, blob: ServedBlob, ranges: ByteRange[], head: boolean): Promise<FastifyReply> {
  const boundary = randomBytes(12).toString('hex');
  const partHead = (range: ByteRange) =>
    `--${boundary}\r\ncontent-type: ${blob.contentType}\r\ncontent-range: bytes ${range.start}-${range.end}/${blob.size}\r\n\r\n`;
  const closing = `--${boundary}--\r\n`;
  const length =
    ranges.reduce((sum, range) => sum + Buffer.byteLength(partHead(range)) + (range.end - range.start + 1) + 2, 0) + closing.length;
  reply.header('content-type', `multipart/byteranges; boundary=${boundary}`);
  reply.header('content-length', length);
  reply.code(206);
  if (head) return reply.send();
  const pieces: Buffer[] = [];
  for (const range of ranges) pieces.push(Buffer.from(partHead(range)), await blob.read(range), Buffer.from('\r\n'));
  pieces.push(Buffer.from(closing));
  return reply.send(Buffer.concat(pieces));
}

/** A strong validator: the bytes behind an identity never change. */
function etagOf(blob: ServedBlob): string {
  const digest = createHash('sha256').update(blob.identity).digest('base64url').slice(0, 16);
  return `"${blob.size.toString(16)}-${blob.storedAt.toString(16)}-${digest}"`;
}

/** Conditional GET by the `fresh` module: If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2). */
function notModified(request: FastifyRequest, etag: string, lastModified: string): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  return fresh(request.headers, { etag, 'last-modified': lastModified });
}

/** A Range counts unless If-Range names another version: a stale ETag or date gets the whole body. */
function rangeApplies(request: FastifyRequest, etag: string, lastModified: string): boolean {
  if (request.headers.range === undefined) return false;
  const header = request.headers['if-range'];
  const ifRange = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!ifRange) return true;
  // An entity tag must match strongly; a date must be exactly the Last-Modified sent.
  if (ifRange.startsWith('"') || ifRange.startsWith('W/')) return ifRange === etag;
  return Date.parse(ifRange) === Date.parse(lastModified);
}
