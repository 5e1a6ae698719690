import { Command } from 'commander';
import { CRM_ENTITY_TYPES, type CrmEntityType } from '../../storage/schema.js';
import { withPortal } from '../admin-session.js';
import { addStorageOptions, invalidArgument, parsePositiveInt, UsageError, type StorageOptions } from '../options.js';
import { printJson, printLines } from '../output.js';
import { addDefaultLineCommand } from './default-line.js';

function parseEntityType(value: string): CrmEntityType {
  const type = value.toUpperCase();
  if (!(CRM_ENTITY_TYPES as readonly string[]).includes(type)) throw invalidArgument('NOT_AN_ENTITY_TYPE');
  return type as CrmEntityType;
}

interface EntityFlags {
  entityType?: CrmEntityType;
  entityId?: number;
}

function entityOf(flags: EntityFlags) {
  if ((flags.entityType === undefined) !== (flags.entityId === undefined)) throw UsageError.of('ENTITY_TYPE_AND_ID');
  return flags.entityType && flags.entityId ? { type: flags.entityType, id: flags.entityId } : null;
}

/** `extcall call start` and `extcall callback start`: what a click in the portal's UI would do (H11, H12). */
export function callCommands(): Command[] {
  const call = new Command('call').description('start calls the way the portal UI would');
  addStorageOptions(
    call
      .command('start')
      .description(
        'click-to-call: register an outgoing call and send ONEXTERNALCALLSTART to the default outgoing line (an app or an outgoing webhook)',
      )
      .requiredOption('--user <id>', 'the employee who clicked', parsePositiveInt)
      .requiredOption('--number <phone>', 'the number to call')
      .option('--app <id>', 'dial through this application (default: the default line, else the only telephony app)', parsePositiveInt)
      .option('--outgoing-webhook <id>', 'dial through this outgoing webhook bound to ONEXTERNALCALLSTART', parsePositiveInt)
      .option('--entity-type <type>', 'CRM entity the number belongs to: LEAD, CONTACT or COMPANY', parseEntityType)
      .option('--entity-id <id>', 'its ID', parsePositiveInt)
      .option('--json', 'print JSON'),
    { memory: false },
  ).action(
    async (
      flags: StorageOptions & EntityFlags & { user: number; number: string; app?: number; outgoingWebhook?: number; json?: boolean },
    ) => {
      const started = await withPortal(flags, (s) =>
        s.portalCalls.clickToCall({
          userId: flags.user,
          phone: flags.number,
          appId: flags.app,
          outgoingWebhookId: flags.outgoingWebhook,
          crmEntity: entityOf(flags),
        }),
      );
      if (flags.json) printJson(started);
      else {
        const line = started.appId !== null ? `application ${started.appId}` : `outgoing webhook ${started.outgoingWebhookId}`;
        printLines([
          ['CALL_ID', started.CALL_ID],
          ['line', line],
          ['CRM', started.CRM_ENTITY_TYPE ? `${started.CRM_ENTITY_TYPE} ${started.CRM_ENTITY_ID}` : '-'],
        ]);
      }
    },
  );
  addDefaultLineCommand(call);

  const callback = new Command('callback').description('callback requests the way a CRM form would send them');
  addStorageOptions(
    callback
      .command('start')
      .description('send ONEXTERNALCALLBACKSTART to the telephony app and to outgoing webhooks bound to it')
      .requiredOption('--number <phone>', 'the number to call back')
      .option('--text <text>', 'what the visitor wrote')
      .option('--app <id>', 'the telephony application (default: the only one installed)', parsePositiveInt)
      .option('--entity-type <type>', 'LEAD, CONTACT or COMPANY', parseEntityType)
      .option('--entity-id <id>', 'its ID', parsePositiveInt),
    { memory: false },
  ).action(async (flags: StorageOptions & EntityFlags & { number: string; text?: string; app?: number }) => {
    const sent = await withPortal(flags, (s) =>
      s.portalCalls.callback({ phone: flags.number, text: flags.text, appId: flags.app, crmEntity: entityOf(flags) }),
    );
    process.stdout.write(
      sent.appId !== null ? `callback request sent to application ${sent.appId}\n` : 'callback request sent to the outgoing webhooks\n',
    );
  });
  return [call, callback];
}
