/** The `{name}` placeholders of a template string type. */
type Holes<S> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Holes<Rest> : never;

/** The template texts of a catalogue entry: its description, and its code where it has one. */
type TextsOf<E> = E extends { code: infer C extends string; description: infer D extends string }
  ? C | D
  : E extends { description: infer D extends string }
    ? D
    : never;

/** A value put into a template: printed as template literals print it. */
export type TemplateValue = string | number;

/** The parameters an entry needs: none (no argument at all), or exactly its placeholders. */
export type TemplateArgs<E> = [Holes<TextsOf<E>>] extends [never] ? [] : [params: { readonly [N in Holes<TextsOf<E>>]: TemplateValue }];

const PLACEHOLDER = /\{(\w+)\}/g;

/** Fills `{name}` from `params`, in one pass (a value that looks like a placeholder stays as it is). */
export function fillTemplate(template: string, params: Readonly<Record<string, TemplateValue>> | undefined): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = params?.[name];
    // The types forbid it; a caller that went around them is a bug, not a text to send.
    if (value === undefined) throw new TypeError(`the template "${template}" needs the parameter ${name}`);
    return String(value);
  });
}
