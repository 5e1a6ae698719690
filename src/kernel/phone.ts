/** Characters a phone number may be formatted with (E8): spaces, dashes, brackets, dots. */
const FORMATTING = /[\s\-().]/g;

/**
 * The digits of a readable phone number, or null when it is not one (E8): letters, no digits, or a
 * `+` anywhere but the start make it unreadable.
 */
export function readablePhoneDigits(value: string): string | null {
  const compact = value.trim().replace(FORMATTING, '');
  if (!/^\+?\d+$/.test(compact)) return null;
  return compact.replace('+', '');
}

/**
 * Digits used to compare stored numbers (E64, I16): formatting and an extension ("ext. 12", ",12",
 * ";12", "#12", "x12") are ignored.
 */
export function comparablePhoneDigits(value: string): string {
  const withoutExtension = value.replace(/\s*(?:ext\.?|\u0434\u043e\u0431\.?|x|#|,|;)\s*\d*\s*$/i, '');
  return withoutExtension.replace(/\D/g, '');
}
