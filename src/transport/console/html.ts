import escapeHtml from 'escape-html';

/** Markup that is already safe to send: built by `html`, or trusted text wrapped by `trustedHtml`. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Wraps markup the caller vouches for (never user data). */
export function trustedHtml(text: string): SafeHtml {
  return new SafeHtml(text);
}

/**
 * A template of markup: every interpolated value is escaped unless it is SafeHtml; arrays are joined;
 * null, undefined and false print nothing (so `${cond && html`…`}` reads naturally).
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}
