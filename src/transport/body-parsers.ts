import type { FastifyInstance, FastifyRequest } from 'fastify';
import { restError } from '../kernel/errors/rest-error.js';
import type { Params } from '../kernel/params/readers.js';
import { decodeUtf8, parseJsonBody, parseQueryString } from '../kernel/params/request-params.js';
import { eachPart } from './multipart.js';

/** An uploaded file of a multipart request, kept for the methods that take files. */
export interface UploadedFile {
  field: string;
  filename: string;
  mimetype: string;
  data: Buffer;
}

declare module 'fastify' {
  interface FastifyRequest {
    uploadedFiles?: UploadedFile[];
  }
}

/**
 * Body formats a call may use (A7): JSON, form-urlencoded, multipart (registered by the multipart
 * plugin). Anything else with a non-empty body is refused rather than silently ignored.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseQueryString(decodeUtf8(body as Buffer, 'FORM_BODY_NOT_UTF8')));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    if ((body as Buffer).length === 0) return done(null, Object.create(null));
    const type = request.headers['content-type'] ?? '(none)';
    done(restError('UNSUPPORTED_CONTENT_TYPE', { type }), undefined);
  });
}

/** The parsed body parameters of a request; multipart fields are read here, files set aside. */
export async function readBody(request: FastifyRequest, fileLimit: number): Promise<Params> {
  if (!request.isMultipart()) {
    const body = request.body;
    return body && typeof body === 'object' ? (body as Params) : (Object.create(null) as Params);
  }
  const pairs: string[] = [];
  const files: UploadedFile[] = [];
  await eachPart(request, { fileSize: fileLimit }, async (part) => {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      if (part.file.truncated) throw restError('FILE_TOO_LARGE', { limit: fileLimit });
      files.push({ field: part.fieldname, filename: part.filename, mimetype: part.mimetype, data });
    } else {
      pairs.push(`${encodeURIComponent(part.fieldname)}=${encodeURIComponent(String(part.value ?? ''))}`);
    }
  });
  request.uploadedFiles = files;
  return parseQueryString(pairs.join('&'));
}
