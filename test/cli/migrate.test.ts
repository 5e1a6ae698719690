import { type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { extcall, startServer } from '../helpers/cli-process.js';
import { createScratchPostgres, POSTGRES_ENABLED } from '../helpers/databases.js';

/**
 * `extcall migrate` (issue 11, item 8): a SQLite portal with real content, made through the REST API
 * of a real server, moved by the real binary into PostgreSQL; a server on the copy (with the same data
 * directory for the files) gives the same answers and keeps working.
 */
const WAV = Buffer.concat([
  Buffer.from('RIFF', 'latin1'),
  Buffer.from([0x24, 0x08, 0, 0]),
  Buffer.from('WAVEfmt ', 'latin1'),
  Buffer.alloc(3000, 7),
]);
/** A long text with characters outside the BMP: it must come back character for character. */
const LONG_COMMENT = 'Zdravствуйте € 😀 '.repeat(6000);
const PASSWORD = 's3cret-pw';

interface Demo {
  baseUrl: string;
  webhookUrl: string;
  app: { accessToken: string };
}

type Answer = { status: number; body: Record<string, unknown> };

const SLOW = 240_000;
const suite = POSTGRES_ENABLED ? describe : describe.skip;

suite('extcall migrate --from DATA_DIR --to postgres://…', () => {
  const scratch: Array<() => Promise<void>> = [];
  const dirs: string[] = [];
  let dataDir: string;
  let target: string;
  let before: Record<string, unknown>;
  let firstCall: { statisticId: number; leadIds: number[] };

  const readDemo = (): Demo => JSON.parse(readFileSync(join(dataDir, 'demo-portal.json'), 'utf8')) as Demo;
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'extcall-migrate-'));
    dirs.push(dir);
    return dir;
  };
  const scratchDatabase = async (withPassword = false) => {
    const db = await createScratchPostgres();
    scratch.push(db.drop);
    const url = new URL(db.url);
    // The test server trusts every connection: the password is there to be masked, never checked.
    if (withPassword) url.password = PASSWORD;
    return url.toString();
  };

  beforeAll(async () => {
    dataDir = tempDir();
    target = await scratchDatabase(true);
    const server = await startServer(['--data', dataDir, '--no-limits', '--allow-private-event-handlers']);
    try {
      const demo = readDemo();
      await buildContent(demo);
      before = await recordAnswers(demo);
      const statistics = (before['voximplant.statistic.get'] as { result: Array<{ ID: string }> }).result;
      const leads = (before['crm.lead.list'] as { result: Array<{ ID: string }> }).result;
      firstCall = { statisticId: Number(statistics[0]!.ID), leadIds: leads.map((lead) => Number(lead.ID)) };
    } finally {
      await stop(server.child);
    }
  }, SLOW);

  afterAll(async () => {
    for (const drop of scratch) await drop().catch(() => {});
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test(
    'copies every table, prints progress and the verified counts; a server on the copy answers the same and keeps writing',
    async () => {
      const run = extcall(['migrate', '--from', dataDir, '--to', target]);
      expect(run.stderr).not.toContain('error:');
      expect(run.code).toBe(0);
      // Not a terminal: plain progress lines, one per table, no carriage returns.
      expect(run.stderr).toMatch(/^schema: migrated to \d{3}-[\w-]+; copying \d+ rows of \d+ tables$/m);
      expect(run.stderr).toContain('copied users: 4 rows\n');
      expect(run.stderr).toContain('copied recordings: 1 rows\n');
      expect(run.stderr).toMatch(/^sequences: \d+ restarted past the highest ids$/m);
      expect(run.stderr).not.toContain('\r');
      expect(run.stdout).toMatch(/^users\s+4\s+4$/m);
      expect(run.stdout).toMatch(/^call_statistics\s+1\s+1$/m);
      expect(run.stdout).toMatch(/^verified: \d+ tables, \d+ rows, every count matches/m);
      expect(`${run.stdout}${run.stderr}`).not.toContain(PASSWORD);
      expect(run.stdout).toContain('postgres://postgres:***@');

      const server = await startServer(['--data', dataDir, '--database', target, '--no-limits', '--allow-private-event-handlers']);
      try {
        const demo = readDemo();
        expect(await recordAnswers(demo)).toEqual(before);

        // New writes take the next ids: the sequences start past the copied rows.
        const app = appCaller(demo);
        const registered = await app('telephony.externalcall.register', { USER_ID: 3, PHONE_NUMBER: '+12025550199', TYPE: 1 });
        expect(registered.status).toBe(200);
        const callId = (registered.body.result as { CALL_ID: string }).CALL_ID;
        expect((await app('telephony.externalcall.finish', { CALL_ID: callId, USER_ID: 3, DURATION: 5, STATUS_CODE: '200' })).status).toBe(
          200,
        );
        const statistics = (await app('voximplant.statistic.get', { SORT: 'ID', ORDER: 'ASC' })).body.result as Array<{ ID: string }>;
        expect(statistics.map((row) => Number(row.ID))).toEqual([firstCall.statisticId, firstCall.statisticId + 1]);
        const lead = await app('crm.lead.add', { fields: { TITLE: 'After the move' } });
        expect(lead.status).toBe(200);
        expect(lead.body.result).toBe(Math.max(...firstCall.leadIds) + 1);
      } finally {
        await stop(server.child);
      }

      // The target holds a portal now: a second copy is refused, naming the database without its password.
      const again = extcall(['migrate', '--from', dataDir, '--to', target]);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(
        /error: postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/extcall_t_\w+ is not empty \(table \w+ holds \d+ rows\)/,
      );
      expect(again.stderr).not.toContain(PASSWORD);
    },
    SLOW,
  );

  test(
    'refuses a directory without a portal, a server serving the source, and a target that is not PostgreSQL (exit 2)',
    async () => {
      const empty = tempDir();
      const none = extcall(['migrate', '--from', empty, '--to', await scratchDatabase()]);
      expect(none.code).toBe(2);
      expect(none.stderr).toBe(
        `error: no portal in ${empty}: --from names the data directory of a SQLite portal, the one holding extcall.sqlite\n`,
      );

      const served = sourceCopy();
      writeFileSync(join(served, 'extcall.lock'), `${process.pid}\n`);
      const busy = extcall(['migrate', '--from', served, '--to', await scratchDatabase()]);
      expect(busy.code).toBe(2);
      expect(busy.stderr).toContain(`error: ${served} is in use by a running process (pid ${process.pid}); stop the server first`);

      const mysql = extcall(['migrate', '--from', dataDir, '--to', `mysql://root:${PASSWORD}@127.0.0.1/portal`]);
      expect(mysql.code).toBe(2);
      expect(mysql.stderr).toBe(
        'error: --to must be a postgres:// URL (the database to copy into), not mysql://root:***@127.0.0.1/portal\n',
      );
    },
    SLOW,
  );

  test(
    'a stale lock (its process gone) does not block; 64-bit integers and ids of deleted rows survive',
    async () => {
      const source = sourceCopy((sqlite) => {
        sqlite.prepare('UPDATE users SET last_activity = ? WHERE id = 1').run(2n ** 63n - 1n);
        sqlite.prepare('UPDATE call_statistics SET call_start_date = ?').run(-(2n ** 62n) - 5n);
        // AUTOINCREMENT never gives an id twice: the copy's sequence must not either.
        sqlite.prepare('DELETE FROM crm_timeline_comments WHERE id = (SELECT max(id) FROM crm_timeline_comments)').run();
      });
      writeFileSync(join(source, 'extcall.lock'), '999999999\n');
      const url = await scratchDatabase();
      const run = extcall(['migrate', '--from', source, '--to', url]);
      expect(run.stderr).not.toContain('error:');
      expect(run.code).toBe(0);

      const sqlite = new SQLite(join(source, 'extcall.sqlite'), { readonly: true });
      const lastIssued = (sqlite.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'crm_timeline_comments'").get() as { seq: number })
        .seq;
      const comments = sqlite.prepare('SELECT count(*) AS n FROM crm_timeline_comments').get() as { n: number };
      sqlite.close();
      expect(comments.n).toBeLessThan(lastIssued);

      await withClient(url, async (client) => {
        const user = await client.query('SELECT last_activity::text AS v FROM users WHERE id = 1');
        expect(user.rows[0].v).toBe('9223372036854775807');
        const calls = await client.query('SELECT call_start_date::text AS v FROM call_statistics');
        expect(calls.rows.map((row) => row.v)).toEqual(['-4611686018427387909']);
        const lead = await client.query("SELECT comments FROM crm_leads WHERE comments <> ''");
        expect(lead.rows[0].comments).toBe(LONG_COMMENT);
        const next = await client.query("SELECT nextval(pg_get_serial_sequence('crm_timeline_comments', 'id'))::int AS id");
        expect(next.rows[0].id).toBe(lastIssued + 1);
      });
    },
    SLOW,
  );

  test(
    'a NUL character cannot go into PostgreSQL text: exit 1 naming table, column and row, and nothing is copied',
    async () => {
      const source = sourceCopy((sqlite) => sqlite.prepare('UPDATE users SET title = ? WHERE id = 2').run('Head\u0000of sales'));
      const url = await scratchDatabase();
      const run = extcall(['migrate', '--from', source, '--to', url]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        'error: table users, column title, row id 2 holds a NUL character, which PostgreSQL text cannot store; nothing was copied\n',
      );
      await withClient(url, async (client) => {
        expect((await client.query('SELECT count(*)::int AS n FROM users')).rows[0].n).toBe(0);
      });
      // Fixed at the source, the same target takes the copy: a migrated schema without data counts as empty.
      const fixed = new SQLite(join(source, 'extcall.sqlite'));
      fixed.prepare('UPDATE users SET title = ? WHERE id = 2').run('Head of sales');
      fixed.close();
      expect(extcall(['migrate', '--from', source, '--to', url]).code).toBe(0);
    },
    SLOW,
  );

  test(
    'a row count that differs after the copy exits 1 naming the table, and the target is left empty',
    async () => {
      const url = await scratchDatabase();
      // A trigger that swallows inserted leads: the copy "succeeds" row by row but the counts disagree.
      const migrated = await openDatabase({ location: url });
      await migrated.close();
      await withClient(url, async (client) => {
        await client.query('CREATE FUNCTION swallow() RETURNS trigger AS $$ BEGIN RETURN NULL; END $$ LANGUAGE plpgsql');
        await client.query('CREATE TRIGGER swallow_leads BEFORE INSERT ON crm_leads FOR EACH ROW EXECUTE FUNCTION swallow()');
      });
      const run = extcall(['migrate', '--from', dataDir, '--to', url]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /error: table crm_leads has \d+ rows in the source but 0 in the target after the copy; nothing was copied\n$/,
      );
      expect(run.stdout).toBe('');
      await withClient(url, async (client) => {
        expect((await client.query('SELECT count(*)::int AS n FROM users')).rows[0].n).toBe(0);
        expect((await client.query('SELECT count(*)::int AS n FROM call_statistics')).rows[0].n).toBe(0);
      });
    },
    SLOW,
  );

  /** A copy of the (stopped) source portal in a directory of its own, changed by `change`. */
  function sourceCopy(change?: (sqlite: SQLite.Database) => void): string {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const source = new SQLite(join(dataDir, 'extcall.sqlite'), { readonly: true });
    source.exec(`VACUUM INTO '${join(dir, 'extcall.sqlite').replace(/'/g, "''")}'`);
    source.close();
    if (change) {
      const copy = new SQLite(join(dir, 'extcall.sqlite'));
      change(copy);
      copy.close();
    }
    return dir;
  }
});

async function withClient(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function post(url: string, params: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Calls as the demo application, with its access token. */
function appCaller(demo: Demo) {
  return (method: string, params: Record<string, unknown> = {}) =>
    post(`${demo.baseUrl}/rest/${method}`, { ...params, auth: demo.app.accessToken });
}

/** The content: a contact with a phone, a lead, an activity, a line, a finished call with a recording, an event binding, options. */
async function buildContent(demo: Demo): Promise<void> {
  const app = appCaller(demo);
  const ok = async (method: string, params: Record<string, unknown>) => {
    const answer = await app(method, params);
    expect(answer.status, `${method}: ${JSON.stringify(answer.body)}`).toBe(200);
    return answer.body.result;
  };
  const contact = await ok('crm.contact.add', {
    fields: { NAME: 'Vera', LAST_NAME: 'Ost', PHONE: [{ VALUE: '+12025550147', VALUE_TYPE: 'WORK' }] },
  });
  await ok('crm.lead.add', { fields: { TITLE: 'Moved lead', COMMENTS: LONG_COMMENT } });
  await ok('crm.activity.add', {
    fields: { OWNER_TYPE_ID: 3, OWNER_ID: contact, TYPE_ID: 2, SUBJECT: 'Call back', COMMUNICATIONS: [{ VALUE: '+12025550147' }] },
  });
  await ok('crm.timeline.comment.add', { fields: { ENTITY_ID: contact, ENTITY_TYPE: 'contact', COMMENT: 'first' } });
  await ok('crm.timeline.comment.add', { fields: { ENTITY_ID: contact, ENTITY_TYPE: 'contact', COMMENT: 'second' } });
  await ok('telephony.externalLine.add', { NUMBER: '+12025550100', NAME: 'Main line' });
  // Nothing listens on port 9: deliveries fail and stay queued, as in a real portal.
  await ok('event.bind', { event: 'OnExternalCallStart', handler: 'http://127.0.0.1:9/extcall-events' });
  const { CALL_ID } = (await ok('telephony.externalcall.register', {
    USER_ID: 2,
    PHONE_NUMBER: '+12025550147',
    TYPE: 2,
    LINE_NUMBER: '+12025550100',
  })) as { CALL_ID: string };
  await ok('telephony.externalcall.finish', { CALL_ID, USER_ID: 2, DURATION: 42, STATUS_CODE: '200' });
  await ok('telephony.externalCall.attachRecord', { CALL_ID, FILENAME: 'in-12025550147.wav', FILE_CONTENT: WAV.toString('base64') });
  await ok('user.option.set', { options: { theme: 'dark' } });
  await ok('app.option.set', { options: { mode: 'pbx' } });
}

/** What clients see, keyed by method (the `time` block left out, the server's address made neutral). */
async function recordAnswers(demo: Demo): Promise<Record<string, unknown>> {
  const app = appCaller(demo);
  const calls: Array<[string, Record<string, unknown>]> = [
    ['user.get', {}],
    ['voximplant.statistic.get', {}],
    ['crm.contact.list', { select: ['*', 'PHONE'] }],
    ['crm.lead.list', { select: ['*'] }],
    ['crm.activity.list', {}],
    ['telephony.externalLine.get', {}],
    ['event.get', {}],
    ['app.info', {}],
    ['user.option.get', {}],
    ['app.option.get', {}],
  ];
  const answers: Record<string, unknown> = {};
  for (const [method, params] of calls) answers[method] = neutral((await app(method, params)).body, demo.baseUrl);
  answers['webhook user.current'] = neutral((await post(`${demo.webhookUrl}user.current`, {})).body, demo.baseUrl);
  // The uploaded recording is the call activity's file.
  const statistics = (await app('voximplant.statistic.get', {})).body.result as Array<{ CRM_ACTIVITY_ID: string }>;
  const activity = (await app('crm.activity.get', { id: statistics[0]!.CRM_ACTIVITY_ID })).body;
  answers['crm.activity.get'] = neutral(activity, demo.baseUrl);
  const files = (activity.result as { FILES: Array<{ url: string }> }).FILES;
  expect(files).toHaveLength(1);
  const recording = await fetch(files[0]!.url);
  answers.recording = {
    status: recording.status,
    type: recording.headers.get('content-type'),
    bytes: Buffer.from(await recording.arrayBuffer()).equals(WAV),
  };
  return answers;
}

function neutral(body: Record<string, unknown>, baseUrl: string): unknown {
  const { time: _time, ...rest } = body;
  // Signed links expire a fixed time after they are made: the same link, signed later.
  const text = JSON.stringify(rest).split(baseUrl).join('BASE_URL');
  return JSON.parse(text.replace(/expires=\d+&signature=[\w-]+/g, 'expires=…&signature=…'));
}
