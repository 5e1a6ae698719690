import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  ADMIN_ERRORS,
  CLI_ERRORS,
  DELIVERY_FAILURES,
  DOWNLOAD_ERRORS,
  OAUTH_ERRORS,
  REST_ERRORS,
} from '../../src/kernel/errors/catalogue.js';
import { adminError, cliErrorText } from '../../src/kernel/errors/admin-error.js';
import { errorEnvelope, oauthError, restError } from '../../src/kernel/errors/rest-error.js';
import { fillTemplate } from '../../src/kernel/errors/template.js';

/**
 * The error catalogue (src/kernel/errors/catalogue.ts) is the only place with error text. This test
 * reads src/ (tests aside) and fails where text is written anywhere else: a description or code given
 * inline to a factory, a constructor called with text, an ad-hoc `{code, status}` entry or
 * `error_description` body, or a catalogued text copied out of the catalogue. Internal faults
 * (`new Error` of a broken invariant, never an answer) are not wire errors and are not looked at.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CATALOGUE = 'src/kernel/errors/catalogue.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'tests' ? [] : sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

const files = sources(join(ROOT, 'src')).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));
const outside = files.filter((f) => f.path !== CATALOGUE);

const SECTIONS = { REST_ERRORS, OAUTH_ERRORS, ADMIN_ERRORS, CLI_ERRORS, DOWNLOAD_ERRORS, DELIVERY_FAILURES } as const;
type Entry = { code?: string; status?: number; exit?: number; description: string; refused?: boolean };
const entries = Object.entries(SECTIONS).flatMap(([section, keys]) =>
  Object.entries(keys as Record<string, Entry>).map(([key, entry]) => ({ section, key, entry })),
);

/** Comments may quote an error; the command line's help may name what an option takes. Neither is error text. */
const PROSE = /^\s*(\/\/|\/?\*)|\.option\(/;

/** Code lines of `src/` (outside the catalogue) that match `pattern`, as "file:line: text". */
function findings(pattern: RegExp, allowed: (path: string, line: string) => boolean = () => false): string[] {
  return outside.flatMap(({ path, text }) =>
    text
      .split('\n')
      .flatMap((line, index) =>
        pattern.test(line) && !PROSE.test(line) && !allowed(path, line) ? [`${path}:${index + 1}: ${line.trim()}`] : [],
      ),
  );
}

/** The error factories: each takes a catalogue key and, where its text has placeholders, their values. */
const FACTORIES = [
  'restError',
  'oauthError',
  'adminError',
  'cliErrorText',
  'invalidArgument',
  'UsageError\\.of',
  'DownloadError\\.of',
  'PortalAdminError\\.of',
  'deliveryFailure',
];
/** Classes that carry catalogue text, and the one file allowed to construct each. */
const ERROR_CLASSES: Record<string, string> = {
  RestError: 'src/kernel/errors/rest-error.ts',
  OAuthError: 'src/kernel/errors/rest-error.ts',
  PortalAdminError: 'src/kernel/errors/admin-error.ts',
  DownloadError: 'src/infra/safe-download.ts',
  UsageError: 'src/cli/options.ts',
  InvalidArgumentError: 'src/cli/options.ts',
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('the error catalogue is the only place with error text', () => {
  test('the scan reads the code (a broken pattern would find nothing)', () => {
    expect(outside.length).toBeGreaterThan(150);
    expect(findings(/\brestError\(\s*'[A-Z_]+'/).length).toBeGreaterThan(100);
  });

  test('factories get a key and parameters, never text', () => {
    const factory = `\\b(?:${FACTORIES.join('|')})\\(`;
    // A first argument that is not a catalogue key (a text, a template literal), or text after the key.
    expect(findings(new RegExp(`${factory}\\s*(?:["\`]|'(?![A-Z][A-Z0-9_]*')[^']*')`))).toEqual([]);
    expect(findings(new RegExp(`${factory}\\s*'[A-Z][A-Z0-9_]*'\\s*,\\s*(?:'|"|\`)`))).toEqual([]);
  });

  test('error classes are built from the catalogue, in their own file only, never from text', () => {
    for (const [name, home] of Object.entries(ERROR_CLASSES)) {
      expect(
        findings(new RegExp(`\\bnew\\s+${name}\\s*\\(`), (path) => path === home),
        name,
      ).toEqual([]);
      expect(findings(new RegExp(`\\bnew\\s+${name}\\s*\\(\\s*['"\`]`)), name).toEqual([]);
    }
  });

  test("no ad-hoc entries: `{code, status}` literals and error bodies are the catalogue's and its serializer's", () => {
    expect(findings(/\{\s*code\s*:[^}]*\bstatus\s*:/)).toEqual([]);
    expect(findings(/\{\s*error\s*:[^}]*\berror_description\s*:/, (path) => path === 'src/kernel/errors/rest-error.ts')).toEqual([]);
    expect(
      findings(
        /\berror_description\b/,
        (path, line) =>
          path === 'src/kernel/errors/rest-error.ts' || /error_description: \{ type: 'string' \}|'error_description'\]/.test(line),
      ),
    ).toEqual([]);
  });

  test('no catalogued text is written out again anywhere else', () => {
    const copies = entries
      // Descriptions, and the codes that are sentences (crm.duplicate.findbycomm's); other codes are identifiers like the keys.
      .flatMap(({ section, key, entry }) => [entry.description, entry.code ?? ''].map((text) => ({ where: `${section}.${key}`, text })))
      .filter(({ text }) => text.length >= 12 && text.includes(' ') && !text.includes('{'))
      .flatMap(({ where, text }) =>
        findings(new RegExp(["'", '"', '`'].map((q) => escapeRegExp(`${q}${text}${q}`)).join('|'))).map((line) => `${where} at ${line}`),
      );
    expect(copies).toEqual([]);
  });

  test('every key is used somewhere in src/', () => {
    const code = outside.map((f) => f.text).join('\n');
    const unused = entries.filter(({ key }) => !code.includes(`'${key}'`)).map(({ section, key }) => `${section}.${key}`);
    expect(unused).toEqual([]);
  });
});

describe('the catalogue itself', () => {
  test('templates are well formed: only {name} placeholders, no stray braces', () => {
    const malformed = entries
      .flatMap(({ section, key, entry }) => [entry.description, entry.code ?? ''].map((text) => ({ where: `${section}.${key}`, text })))
      .filter(({ text }) => /[{}]/.test(text.replace(/\{\w+\}/g, '')))
      .map(({ where }) => where);
    expect(malformed).toEqual([]);
  });

  test('statuses and exit codes are what their audience expects', () => {
    for (const { section, key, entry } of entries) {
      if (section === 'REST_ERRORS' || section === 'OAUTH_ERRORS') {
        expect(entry.status, key).toBeGreaterThanOrEqual(400);
        expect(entry.status, key).toBeLessThan(600);
        expect(typeof entry.code, key).toBe('string');
      }
      if (section === 'ADMIN_ERRORS') expect(entry.exit, key).toBe(2);
      // The command line exits 1 when a thing could not be done (a port taken, a server down), 2 when it was refused.
      if (section === 'CLI_ERRORS') expect([1, 2], key).toContain(entry.exit);
      expect(entry.description.length, key).toBeGreaterThan(0);
    }
    // Only the CRM's own failures have an empty code (A19), and voximplant.user.get's missing USER_ID (its page).
    expect(
      Object.entries(REST_ERRORS)
        .filter(([, e]) => e.code === '')
        .map(([k]) => k)
        .filter((k) => k !== 'VOXIMPLANT_USER_ID_NOT_SET')
        // The CRM's families: entities and bindings, activities, timeline comments, statuses, currencies.
        .filter((k) => !/^(CRM|ACTIVITY|COMMENT|STATUS|CURRENCY)_/.test(k)),
    ).toEqual([]);
  });

  test('no two keys of a section say the same thing: a duplicate is one key', () => {
    for (const [section, keys] of Object.entries(SECTIONS)) {
      const seen = new Map<string, string>();
      for (const [key, entry] of Object.entries(keys as Record<string, Entry>)) {
        const identity = JSON.stringify([entry.code, entry.status, entry.exit, entry.description]);
        expect(seen.get(identity), `${section}.${key}`).toBeUndefined();
        seen.set(identity, key);
      }
    }
  });

  test('filling: every placeholder from the parameters, in one pass; a missing one is a bug, not a text', () => {
    expect(restError('LINE_NOT_FOUND', { number: '{number}' }).description).toBe('Could not find line with number {number}');
    expect(restError('FINDBYCOMM_TYPE_UNSUPPORTED', { type: 'FAX' }).code).toBe(
      "Communication type 'FAX' is not supported in current context",
    );
    expect(errorEnvelope(restError('PARAM_TOO_LONG', { name: 'NUMBER', max: 255 }))).toEqual({
      error: 'ERROR_CORE',
      error_description: 'NUMBER is too long (255 characters at most)',
    });
    expect(oauthError('CLIENT_INVALID').status).toBe(401);
    expect(adminError('NO_USER', { userId: 7 }).message).toBe('no user with id 7');
    expect(cliErrorText('NOT_A_PORT', { value: 'x' })).toBe('"x" is not a port number (0-65535)');
    expect(() => fillTemplate(REST_ERRORS.LINE_NOT_FOUND.description, {})).toThrow(/needs the parameter number/);
    // Compile-time checks (tsc runs over the tests): a missing or stray parameter does not compile.
    // @ts-expect-error LINE_NOT_FOUND needs { number }
    expect(() => restError('LINE_NOT_FOUND')).toThrow();
    // @ts-expect-error NO_AUTH_FOUND takes no parameters
    restError('NO_AUTH_FOUND', { number: 1 });
    // @ts-expect-error a key that is not in the catalogue
    expect(() => restError('NO_SUCH_KEY')).toThrow();
  });
});
