import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** REST calls write their own line (call-log.ts); the upload URL and file links are not REST calls. */
const REST_CALL_PATH = /^\/rest\/(?!upload\.json)(?!\d+\/[^/]+\/files\/)/;

function isRestCall(request: FastifyRequest): boolean {
  return REST_CALL_PATH.test(request.raw?.url ?? request.url ?? '');
}

/**
 * Fastify's own request lines, quieter: none for REST calls, which get one line of their own with
 * what a developer needs; for other requests at debug level. Failures are still logged as errors.
 */
export class QuietRequestLogs extends LogController {
  constructor() {
    super({ disableRequestLogging: isRestCall });
  }

  override incomingRequest(request: FastifyRequest): void {
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
