import type { FastifyRequest } from 'fastify';
import type { Params } from '../kernel/params/readers.js';
import { checkParamTree, decodeUtf8, mergeParams, parseQueryString } from '../kernel/params/request-params.js';
import { readBody } from './body-parsers.js';

/** Query string and body merged into one parameter set, checked for depth and prototype names. */
export async function readParams(request: FastifyRequest): Promise<Params> {
  const raw = request.raw.url ?? request.url;
  const queryAt = raw.indexOf('?');
  // Node hands the request line over byte for byte as latin1; re-read it as UTF-8.
  const queryText = queryAt === -1 ? '' : decodeUtf8(Buffer.from(raw.slice(queryAt + 1), 'latin1'), 'QUERY_NOT_UTF8');
  const query = parseQueryString(queryText);
  const body = await readBody(request, request.server.initialConfig.bodyLimit ?? 0);
  const params = mergeParams(query, body);
  checkParamTree(params);
  return params;
}
