import { cliErrorText, type CliErrorKey } from '../kernel/errors/admin-error.js';
import { CLI_ERRORS } from '../kernel/errors/catalogue.js';
import type { TemplateArgs } from '../kernel/errors/template.js';

/**
 * A command that could not run, with the exit code its catalogue entry names: 1 when the thing could
 * not be done (a port taken, a server down), 2 when it was refused (no portal there, the server said no).
 */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';

  private constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }

  static of<K extends CliErrorKey>(key: K, ...params: TemplateArgs<(typeof CLI_ERRORS)[K]>): CommandFailure {
    return new CommandFailure(cliErrorText(key, ...params), CLI_ERRORS[key].exit);
  }
}
