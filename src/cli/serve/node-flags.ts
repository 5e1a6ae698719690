/**
 * Whether node was given one of `flags` (such as `--max-semi-space-size`), on its command line or in
 * NODE_OPTIONS: a setting the operator chose, which `serve` leaves alone. V8 reads `_` and `-` in flag
 * names alike; a value may follow after `=` or as the next argument.
 */
export function nodeFlagGiven(flags: readonly string[], execArgv: readonly string[], nodeOptions = ''): boolean {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => flags.includes(arg.split('=')[0]!.replaceAll('_', '-')));
}
