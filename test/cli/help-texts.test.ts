import type { Command } from 'commander';
import { describe, expect, test } from 'vitest';
import { buildCli } from '../../src/cli/main.js';
import { extcall } from '../helpers/cli-process.js';

/** Every command of the CLI with its words, e.g. ['webhook', 'outgoing', 'add']. */
function commands(command: Command, path: string[] = []): Array<{ path: string[]; command: Command }> {
  return [{ path, command }, ...command.commands.flatMap((sub) => commands(sub, [...path, sub.name()]))];
}

const ALL = commands(buildCli());

describe('help texts (issue 11)', () => {
  test('the walk reaches every command, the by-URL ones included', () => {
    const names = ALL.map(({ path }) => path.join(' '));
    expect(names).toEqual(
      expect.arrayContaining(['serve', 'webhook outgoing add', 'clock advance', 'events retry', 'fault add', 'requests']),
    );
    expect(ALL.length).toBeGreaterThan(30);
  });

  test('no internal item codes such as "(B5)" or "(H5)" in any help', () => {
    const found = ALL.flatMap(({ path, command }) =>
      (command.helpInformation().match(/\([A-Z]\d+\b[^)]*\)/g) ?? []).map((code) => `${path.join(' ')}: ${code}`),
    );
    expect(found).toEqual([]);
  });

  test('no default said twice: an option commander prints the default of does not say it again', () => {
    const doubled = ALL.flatMap(({ path, command }) =>
      command.options
        .filter((option) => option.defaultValue !== undefined && /\bdefault\b/i.test(option.description))
        .map((option) => `${path.join(' ')} ${option.flags}`),
    );
    expect(doubled).toEqual([]);
    // The form the issue reported, in the printed text itself.
    const printed = ALL.filter(({ command }) => /\(default:? [^)]*\)\s*\(default: /.test(command.helpInformation()));
    expect(printed.map(({ path }) => path.join(' '))).toEqual([]);
  });

  test('required options say so', () => {
    const unmarked = ALL.flatMap(({ path, command }) =>
      command.options
        .filter((option) => option.mandatory && !option.description.endsWith('(required)'))
        .map((o) => `${path.join(' ')} ${o.flags}`),
    );
    expect(unmarked).toEqual([]);
    expect(ALL.some(({ command }) => command.options.some((option) => option.mandatory))).toBe(true);
  });

  test('the binary prints the same: required marked, no codes, the default once', () => {
    const add = extcall(['webhook', 'outgoing', 'add', '--help']);
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/--event <code> +event code, .*\(required\)/s);
    expect(extcall(['webhook', '--help']).stdout).not.toMatch(/\(H\d+\)/);
    const calls = extcall(['calls', 'list', '--help']).stdout;
    expect(calls).toMatch(/--limit <n> +how many rows \(default: 20\)\n/);
  });
});
