/**
 * The layers of src/ and the rules between them, checked by `npm run lint:deps` (part of `npm test`):
 *
 *   kernel/     errors, parameter readers, scopes, method and auth types, pure helpers: imports only kernel/
 *   storage/    the database: imports only kernel/
 *   infra/      shared code with I/O (safe downloads, the address classifier): imports only kernel/
 *   features/   services and method definitions: kernel/, storage/, infra/, features/ — never dispatch/, transport/, cli/
 *   dispatch/   registry, dispatcher, batch, operating time: kernel/, features/ — never transport/, cli/
 *   transport/  Fastify and HTTP: anything below it — never cli/
 *   cli/, portal.ts   the command line and the composition root: anything
 *   embed/, index.ts  the package's entry (startPortal), a composition root too: anything; nothing below imports it
 *
 * Tests (test/ and src/**\/tests/) may reach anything: the layer rules apply to the code they test.
 */
const TESTS = '(^test/|/tests/)';

/** Forbids modules of `from` (tests aside) to import modules of `to`. */
function forbid(name, comment, from, to, fromNot = TESTS) {
  return { name, comment, severity: 'error', from: { path: from, pathNot: fromNot }, to };
}

/** Forbids modules in `from` (tests aside) to import any of src/ except `allowed`. */
function onlyImports(name, from, allowed, comment) {
  return forbid(name, comment, from, { path: '^(src|test)/', pathNot: allowed });
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles make the layers meaningless and the load order fragile.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (a typo would otherwise hide a dependency from these rules).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    onlyImports(
      'kernel-is-self-contained',
      '^src/kernel/',
      '^src/kernel/',
      'The kernel depends on nothing of ours: every layer may use it.',
    ),
    onlyImports('storage-imports-only-kernel', '^src/storage/', '^src/(storage|kernel)/', 'Storage knows nothing of the layers above it.'),
    onlyImports(
      'infra-imports-only-kernel',
      '^src/infra/',
      '^src/(infra|kernel)/',
      'Shared I/O code is a leaf: it knows nothing of the features.',
    ),
    forbid(
      'features-below-dispatch',
      'Features are called by the dispatch layer and the transport, never the other way round.',
      '^src/features/',
      { path: '^src/(dispatch|transport|cli|embed)/|^src/(portal|index)\\.ts$' },
    ),
    forbid('dispatch-below-transport', 'The dispatch layer knows nothing of HTTP or the command line.', '^src/dispatch/', {
      path: '^src/(transport|cli|embed)/|^src/(portal|index)\\.ts$',
    }),
    forbid(
      'transport-below-cli',
      'The transport is used by the composition root and the command line, never the reverse.',
      '^src/transport/',
      {
        path: '^src/(cli|embed)/|^src/(portal|index)\\.ts$',
      },
    ),
    forbid('production-code-without-tests', 'Production code never imports test code.', '^src/', { path: TESTS }),
    forbid(
      'fastify-only-in-transport',
      "HTTP is the transport's business: nothing else sees Fastify.",
      '^src/',
      { path: '^node_modules/(fastify|@fastify/[^/]+)/' },
      `^src/transport/|${TESTS}`,
    ),
    forbid(
      'database-drivers-only-in-storage',
      'Kysely and the drivers stay behind the storage interface (portal.ts and the CLI open the database through storage/ too).',
      '^src/',
      { path: '^node_modules/(kysely|pg|better-sqlite3)/' },
      `^src/storage/|${TESTS}`,
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type from a higher layer is a dependency on it all the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
