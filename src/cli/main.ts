import { Command, CommanderError } from 'commander';
import { PortalAdminError } from '../kernel/errors/admin-error.js';
import { UsageError } from './options.js';
import { CommandFailure } from './failure.js';
import { RestError } from '../kernel/errors/rest-error.js';
import { appCommand } from './commands/app.js';
import { serveCommand } from './commands/serve.js';
import { tokenCommand } from './commands/token.js';
import { userCommand } from './commands/user.js';
import { webhookCommand } from './commands/webhook.js';
import { callsCommand } from './commands/calls.js';
import { callCommands } from './commands/call.js';
import { overloadCommand } from './commands/overload.js';
import { seedCommand } from './commands/seed.js';
import { migrateCommand } from './commands/migrate.js';
import { remoteCommands } from './remote/remote-commands.js';

/** Exit codes scripts can rely on. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function buildCli(): Command {
  const program = new Command('extcall')
    .description('A self-hostable server that speaks the Bitrix24 REST API for external telephony')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions();
  for (const command of [
    serveCommand(),
    userCommand(),
    appCommand(),
    webhookCommand(),
    tokenCommand(),
    callsCommand(),
    ...callCommands(),
    overloadCommand(),
    seedCommand(),
    migrateCommand(),
    ...remoteCommands(),
  ])
    program.addCommand(command);
  // Every level throws instead of exiting, so main() decides the exit code.
  const override = (command: Command): void => {
    command.exitOverride();
    markRequired(command);
    for (const sub of command.commands) override(sub);
  };
  override(program);
  return program;
}

/** Runs the CLI; resolves with the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildCli();
  try {
    await program.parseAsync(argv);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof CommandFailure) {
      process.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    // The portal refused what was asked (no such user, a bad number…): the caller's input is at fault.
    if (error instanceof PortalAdminError || error instanceof UsageError || error instanceof RestError) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
}

/** Help shows which options a command cannot do without. */
function markRequired(command: Command): void {
  for (const option of command.options) {
    if (option.mandatory && !option.description.endsWith('(required)')) option.description = `${option.description} (required)`;
  }
}
