#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/main.js and everything it imports, dependencies included) into one
// ES module, dist/cli.bundle.js, which bin/extcall.js runs. Node resolves and compiles ~900 modules one by
// one otherwise, and that was most of the time `extcall serve` took to be ready.
//
// Left outside the bundle: native or optional drivers and what is loaded only on some paths (they are
// found in node_modules at run time as before). Modules that locate files next to themselves through
// `import.meta.url` keep their own location: each use is rewritten to the URL the module has in dist/.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(root, 'dist');
const outfile = resolve(dist, 'cli.bundle.js');

const EXTERNAL = [
  'better-sqlite3', // native addon
  'pg', // loaded only for a PostgreSQL database
  'pg-native', // pg's optional native client
  'pino-pretty', // loaded only for pretty logs
  'selfsigned', // loaded only to make a TLS certificate
  'chart.js', // only its directory is looked up, to serve its files
];

/** `import.meta.url` of a bundled file becomes that file's own URL, so relative paths keep working. */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.[cm]?js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const fromBundle = relative(dirname(outfile), args.path).split(sep).join('/');
      const url = `new URL(${JSON.stringify(fromBundle.startsWith('.') ? fromBundle : `./${fromBundle}`)}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', url), loader: 'js' };
    });
  },
};

await build({
  entryPoints: [resolve(dist, 'cli/main.js')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL,
  plugins: [ownUrl],
  // CommonJS dependencies call require() for Node's own modules; an ES module has none of its own.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);" },
  legalComments: 'eof',
  // Stack traces can name the TypeScript sources: node --enable-source-maps.
  sourcemap: 'linked',
  // Without comments and indentation: V8 keeps the source of every loaded module in memory, and a
  // single comment outside ASCII would make it keep this one at two bytes a character.
  minifyWhitespace: true,
  logLevel: 'warning',
});

// V8 keeps the bundle's source for as long as the process runs: 2.8 MB at one byte a character, twice that
// if a single character lies outside Latin-1. esbuild escapes such characters in ordinary strings but not in
// template literals or regular expressions, so those must be written as escapes or HTML entities.
const source = readFileSync(outfile, 'utf8');
const wide = [...source.matchAll(/[\u0100-\u{10ffff}]/gu)];
if (wide.length > 0) {
  const shown = wide.slice(0, 5).map((m) => `  ${JSON.stringify(source.slice(Math.max(0, m.index - 40), m.index + 10))}`);
  throw new Error(
    `dist/cli.bundle.js holds ${wide.length} character(s) outside Latin-1, which doubles the memory its source takes:\n${shown.join('\n')}`,
  );
}
