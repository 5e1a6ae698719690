import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../features/services.js';
import { errorEnvelope, restError } from '../kernel/errors/rest-error.js';
import type { UserRow } from '../storage/schema.js';
import { scopeSatisfied } from '../kernel/scopes.js';
import { unixSeconds } from '../kernel/clock.js';
import { OPERATING_WINDOW_SECONDS } from '../dispatch/operating-time.js';
import { timeBlock } from '../dispatch/time-block.js';
import { toRestError } from './error-mapping.js';
import { eachPart } from './multipart.js';
import { sendBlob } from './blob-replies.js';

/**
 * The two HTTP endpoints of recordings that are not REST methods: the uploadUrl that attachRecord
 * hands out (E56), and the file links that serve recordings back, with byte ranges for seeking (blob-replies.ts).
 */
export function registerRecordingRoutes(app: FastifyInstance, services: Services): void {
  app.post('/rest/upload.json', async (request, reply) => {
    try {
      const token = String((request.query as Record<string, unknown>).token ?? '');
      if (!request.isMultipart()) throw restError('RECORDING_NOT_MULTIPART');
      // Set in the part visitor; the cast keeps TypeScript from narrowing it to null.
      let data = null as Buffer | null;
      await eachPart(request, { fileSize: services.config.recordingLimit, files: 1 }, async (part) => {
        if (part.type === 'file' && part.fieldname === 'file') {
          data = await part.toBuffer();
          if (part.file.truncated) throw restError('RECORDING_UPLOAD_TOO_LARGE', { limit: services.config.recordingLimit });
        } else if (part.type === 'file') {
          part.file.resume();
        }
      });
      if (!data) throw restError('FILE_CONTENT_EMPTY');
      const fileId = await services.recordings.upload(token, data);
      const time = timeBlock(
        // Not a REST method: nothing is metered, the window is untouched (C4).
        {
          startedMs: request.arrivedMs,
          processingMs: 0,
          operating: { operating: 0, resetAt: Math.floor(request.arrivedMs / 1000) + OPERATING_WINDOW_SECONDS },
        },
        services.clock.nowMs(),
        services.config.timeZone,
      );
      return reply.send({ result: { FILE_ID: fileId }, time });
    } catch (error) {
      return sendFailure(request, reply, error);
    }
  });

  app.route({
    method: ['GET', 'HEAD'],
    url: '/records/:id/:name',
    handler: async (request, reply) => {
      try {
        const recording = await authorisedRecording(request, services);
        return await sendRecording(request, reply, services, recording);
      } catch (error) {
        return sendFailure(request, reply, error);
      }
    },
  });
}

/**
 * A signed link opens its recording by itself; otherwise an access token with the telephony scope
 * opens the recordings of the calls its user sees in the statistics (F1). A recording that exists
 * but is not the caller's answers as one that does not, so ids cannot be probed.
 */
async function authorisedRecording(request: FastifyRequest, services: Services) {
  const { id } = request.params as { id: string };
  const query = request.query as Record<string, unknown>;
  const signed = typeof query.signature === 'string' && (await services.recordings.verifyLink(id, Number(query.expires), query.signature));
  let viewer: UserRow | null = null;
  if (!signed) {
    const token = typeof query.auth === 'string' ? query.auth : '';
    if (!token) throw restError('NO_AUTH_FOUND');
    const auth = await services.auth.authenticateAccessToken(token, unixSeconds(services.clock));
    if (!scopeSatisfied('telephony', auth.scopes)) throw restError('INSUFFICIENT_SCOPE');
    viewer = auth.user;
  }
  const recording = await services.recordings.byPublicId(id);
  if (!recording || (viewer && !(await services.recordings.visibleTo(recording, viewer)))) throw restError('NO_SUCH_RECORDING');
  return recording;
}

async function sendRecording(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  recording: NonNullable<Awaited<ReturnType<Services['recordings']['get']>>>,
) {
  reply.header('content-disposition', `inline; filename="${recording.filename.replace(/["\\\r\n]/g, '_')}"`);
  return sendBlob(request, reply, {
    identity: `recording:${recording.public_id}:${recording.blob_key}`,
    size: recording.size,
    contentType: recording.content_type,
    storedAt: recording.created_at,
    read: (range) => services.recordings.read(recording, range),
  });
}

function sendFailure(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const failure = toRestError(error, request);
  return reply.code(failure.status).type('application/json; charset=utf-8').send(errorEnvelope(failure));
}
