import { ADMIN_ERRORS, CLI_ERRORS } from './catalogue.js';
import { fillTemplate, type TemplateArgs } from './template.js';

export type AdminErrorKey = keyof typeof ADMIN_ERRORS;
export type CliErrorKey = keyof typeof CLI_ERRORS;

/** A mistake in an administrator's request (CLI flags, seed data): shown to them as is, exit code 2. */
export class PortalAdminError extends Error {
  override readonly name = 'PortalAdminError';

  private constructor(message: string) {
    super(message);
  }

  static of<K extends AdminErrorKey>(key: K, ...params: TemplateArgs<(typeof ADMIN_ERRORS)[K]>): PortalAdminError {
    return new PortalAdminError(fillTemplate(ADMIN_ERRORS[key].description, params[0]));
  }
}

/** The administration error of catalogue key `key`. */
export function adminError<K extends AdminErrorKey>(key: K, ...params: TemplateArgs<(typeof ADMIN_ERRORS)[K]>): PortalAdminError {
  return PortalAdminError.of(key, ...params);
}

/** The text of a command-line error (the CLI wraps it in its UsageError or commander's InvalidArgumentError). */
export function cliErrorText<K extends CliErrorKey>(key: K, ...params: TemplateArgs<(typeof CLI_ERRORS)[K]>): string {
  return fillTemplate(CLI_ERRORS[key].description, params[0]);
}
