import type { FastifyInstance } from 'fastify';
import { parseFaultSpec } from '../../features/faults/fault-spec.js';
import type { Services } from '../../features/services.js';
import { restError } from '../../kernel/errors/rest-error.js';

/**
 * The fault switches (docs/admin-api.md, "Faults"): `GET|POST|DELETE <prefix>/faults`,
 * `DELETE <prefix>/faults/:id`. A body that is not a valid spec sets nothing.
 */
export function registerFaultRoutes(admin: FastifyInstance, services: Services, prefix: string): void {
  const { faults } = services;

  admin.get(`${prefix}/faults`, async () => ({ faults: faults.list() }));

  admin.post(`${prefix}/faults`, async (request, reply) => {
    const outcome = await faults.apply(parseFaultSpec(request.body));
    return reply.code(201).send('applied' in outcome ? outcome : { fault: outcome });
  });

  admin.delete(`${prefix}/faults`, async () => ({ removed: faults.clear() }));

  admin.delete<{ Params: { id: string } }>(`${prefix}/faults/:id`, async (request) => {
    const { id } = request.params;
    const fault = /^[1-9][0-9]{0,15}$/.test(id) ? faults.remove(Number(id)) : null;
    if (!fault) throw restError('FAULT_NOT_FOUND', { id });
    return { fault };
  });
}
