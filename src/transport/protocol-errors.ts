import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorEnvelope, restError, type RestError } from '../kernel/errors/rest-error.js';

/**
 * Fastify and Node answer a few malformed requests themselves, in their own JSON or with an empty
 * body. These options and hooks answer them with a catalogue entry in the Bitrix envelope instead
 * (slow-clients.ts does the same for Node's parser errors and timeouts).
 */
export const protocolErrorOptions = {
  fastify: { frameworkErrors: answerFrameworkError },
  // Node answers a Host-less HTTP/1.1 request with an empty 400 before Fastify sees it: requireHostHeader below does it.
  node: { requireHostHeader: false },
};

/** Answers what Node and Fastify would have answered outside the envelope: no Host, an unknown Expect. */
export function answerProtocolErrors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const raw = request.raw;
    if (raw.httpVersionMajor === 1 && raw.httpVersionMinor >= 1 && !raw.headers.host) {
      return sendEnvelope(reply, restError('HOST_REQUIRED'));
    }
  });
  // Without a listener Node answers an Expect other than 100-continue with an empty 417.
  (app.server as Server).on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    writeRaw(request, response, restError('EXPECTATION_FAILED'));
  });
}

/** A URL that is not percent-decodable, or a path parameter past the router's limit. */
function answerFrameworkError(error: Error & { code?: string }, _request: FastifyRequest, reply: FastifyReply): void {
  const mapped =
    error.code === 'FST_ERR_BAD_URL'
      ? restError('URL_NOT_DECODABLE')
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? restError('URL_PART_TOO_LONG')
        : restError('INTERNAL_SERVER_ERROR');
  void sendEnvelope(reply, mapped);
}

function sendEnvelope(reply: FastifyReply, error: RestError) {
  return reply.code(error.status).type('application/json; charset=utf-8').send(errorEnvelope(error));
}

function writeRaw(request: IncomingMessage, response: ServerResponse, error: RestError): void {
  const body = JSON.stringify(errorEnvelope(error));
  response.writeHead(error.status, STATUS_CODES[error.status], {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  response.end(body);
  // The body the client holds back is not read: the connection ends with the answer.
  request.resume();
}
