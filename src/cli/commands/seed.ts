import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { stringify } from 'yaml';
import { applySeed } from '../../features/seeding/apply-seed.js';
import { exportSeed } from '../../features/seeding/export-seed.js';
import { loadSeedFile, seedFormatOf, type SeedFormat } from '../../features/seeding/load-seed-file.js';
import type { PortalSeed } from '../../features/seeding/seed-document.js';
import type { Services } from '../../features/services.js';
import { defaultConfig } from '../../kernel/config.js';
import { openServices } from '../../portal.js';
import { isPostgresUrl, openDatabase } from '../../storage/database.js';
import { withPortal } from '../admin-session.js';
import { addStorageOptions, invalidArgument, resolveStorage, type StorageOptions } from '../options.js';
import { printJson } from '../output.js';
import { prepareDataDirectory } from '../serve/data-directory.js';

/** `extcall seed export|apply`: a portal as a seed document (docs/seeding.md), and a seed document into an empty portal. */
export function seedCommand(): Command {
  const seed = new Command('seed').description('write the portal as a seed file, or fill an empty portal from one (docs/seeding.md)');

  addStorageOptions(
    seed
      .command('export')
      .description('write the portal as a seed document (credentials are kept only as hashes and are left out)')
      .option('--out <file>', 'write to this file instead of standard output')
      .option('--format <format>', 'json or yaml (default: by the extension of --out, else yaml)', parseSeedFormat),
    { memory: false },
  ).action(async (flags: StorageOptions & { out?: string; format?: SeedFormat }) => {
    const document = await withPortal(flags, (services) => exportSeed(services));
    const format = flags.format ?? (flags.out ? seedFormatOf(flags.out) : 'yaml');
    const text = serialize(document, format);
    if (flags.out) await writeFile(flags.out, text);
    else process.stdout.write(text);
  });

  addStorageOptions(
    seed
      .command('apply')
      .description("fill an empty portal from a seed file (JSON or YAML), creating it when new; prints the portal's description as JSON")
      .argument('<file>', 'the seed file: .json, .yaml or .yml')
      .option('--base-url <url>', 'server base URL used in the printed webhook URL', 'http://127.0.0.1:8080'),
    { memory: false },
  ).action(async (file: string, flags: StorageOptions & { baseUrl: string }) => {
    const document = await loadSeedFile(file);
    const described = await withPortalToSeed(flags, (services) => applySeed(services, document, flags.baseUrl.replace(/\/+$/, '')));
    printJson(described);
  });
  return seed;
}

/**
 * Like withPortal, but a seed may create the portal, as `serve` does: a SQLite portal that does not
 * exist yet is made, and taken back (directory and all) when the seed is refused.
 */
async function withPortalToSeed<T>(options: StorageOptions, work: (services: Services) => Promise<T>): Promise<T> {
  const config = defaultConfig(resolveStorage(options, process.env));
  const creates = config.dataDir !== null && !isPostgresUrl(config.database) && !existsSync(config.database);
  const prepared = creates ? prepareDataDirectory(config.dataDir!) : null;
  try {
    const database = await openDatabase({ location: config.database });
    try {
      return await work(openServices(database, config));
    } finally {
      await database.close();
    }
  } catch (error) {
    prepared?.undo();
    throw error;
  }
}

function parseSeedFormat(value: string): SeedFormat {
  if (value !== 'json' && value !== 'yaml') throw invalidArgument('NOT_A_SEED_FORMAT');
  return value;
}

function serialize(document: PortalSeed, format: SeedFormat): string {
  return format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringify(document);
}
