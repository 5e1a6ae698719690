/** An absolute http or https URL without whitespace: what handlers, install and redirect URLs must be. */
export function isHttpUrl(text: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(text);
}
