import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultAction } from '../features/faults/fault-switches.js';

/**
 * Carries out what a fault switch decided for a REST call: throws its error (the usual envelope),
 * answers a bare status as a proxy would, waits, or closes the connection. 'continue': the call goes
 * on as usual (after a delay); 'answered': the reply is done.
 */
export async function carryOutFault(action: FaultAction, request: FastifyRequest, reply: FastifyReply): Promise<'continue' | 'answered'> {
  switch (action.kind) {
    case 'error':
      throw action.error;
    case 'delay':
      await new Promise((resolve) => setTimeout(resolve, action.delayMs));
      return 'continue';
    case 'raw': {
      const body = action.body === 'html' ? proxyPage(action.status) : '';
      void reply
        .code(action.status)
        .type('text/html')
        .serializer((payload) => payload as string)
        .send(body);
      return 'answered';
    }
    case 'drop':
      reply.hijack();
      request.raw.socket.destroy();
      return 'answered';
  }
}

/** The page a reverse proxy (nginx, as in front of the cloud's portals) shows for a failed upstream. */
function proxyPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? ''}`.trim();
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
