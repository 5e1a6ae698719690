#!/usr/bin/env node
// Entry point for `extcall` / `npx extcall`: runs the CLI, bundled into one module at build time (`npm run
// build`, also run by `npm ci` through `prepare`; see build/bundle.mjs).
import { main } from '../dist/cli.bundle.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
