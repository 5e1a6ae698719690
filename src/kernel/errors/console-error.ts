import { CONSOLE_ERRORS } from './catalogue.js';
import { fillTemplate, type TemplateArgs } from './template.js';

export type ConsoleErrorKey = keyof typeof CONSOLE_ERRORS;

/** A refusal of the web console, shown as a page (or JSON to its scripts) with the catalogue's status. */
export class ConsoleError extends Error {
  override readonly name = 'ConsoleError';

  constructor(
    readonly key: ConsoleErrorKey,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The console error of catalogue key `key`. */
export function consoleError<K extends ConsoleErrorKey>(key: K, ...params: TemplateArgs<(typeof CONSOLE_ERRORS)[K]>): ConsoleError {
  return new ConsoleError(key, CONSOLE_ERRORS[key].status, fillTemplate(CONSOLE_ERRORS[key].description, params[0]));
}
