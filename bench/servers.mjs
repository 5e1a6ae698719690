// The processes a benchmark run starts: extcall serve, the bare node:http baseline, the round-robin proxy.
// Every child is remembered and killed when the benchmark exits, also on failure.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = resolve(fileURLToPath(new URL('../bin/extcall.js', import.meta.url)));
const PROXY = fileURLToPath(new URL('./proxy.mjs', import.meta.url));

const children = new Set();
process.on('exit', () => stopAll());

/**
 * Kills every server still running. A run that fails must call it: a live child's pipes keep this
 * process's event loop busy, so it would never reach 'exit' and the server would stay behind.
 */
export function stopAll() {
  for (const child of children) child.kill('SIGKILL');
}
// Ctrl-C: the servers go at once, nothing new starts, and the run unwinds through its clean-ups (the
// scratch PostgreSQL database is dropped, temporary data directories removed). A second one ends it hard.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    interrupted = true;
    process.exitCode = 130;
    process.stderr.write(`\n${signal}: stopping the servers and cleaning up\n`);
    for (const child of children) child.kill('SIGKILL');
  });
}

/**
 * Starts `node args…` and resolves once `ready(stdout)` is true, with the child, its output and the time it took.
 * `wrapper` runs node under another program (valgrind, for bench/instructions.mjs): its command and arguments.
 */
export function startProcess(args, ready, env = {}, wrapper = []) {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    if (interrupted) return reject(new Error('interrupted'));
    const [command, ...prefix] = [...wrapper, process.execPath];
    const child = spawn(command, [...prefix, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    children.add(child);
    let out = '';
    let err = '';
    let done = false;
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!done && ready(out)) {
        done = true;
        resolvePromise({ child, out, readyMs: performance.now() - started });
      }
    });
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (!done) reject(new Error(`${args.join(' ').slice(0, 200)} exited (${code ?? signal}): ${err.slice(-2000)}`));
    });
  });
}

/** Stops a child with `signal` and waits for it to be gone. */
export function stop(child, signal = 'SIGTERM') {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolvePromise();
    child.once('exit', () => resolvePromise());
    child.kill(signal);
  });
}

/** Peak resident memory of a running process so far, in MB (VmHWM); null when it cannot be read. */
export function peakRssMb(child) {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return null;
  }
}

/** Runs `extcall args…` to completion and answers its stdout. */
export function runCli(args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`extcall ${args[0]} exited ${code}: ${err}`))));
  });
}

/**
 * `extcall serve` on a free port of 127.0.0.1 with `--no-limits` and silent logs, over `dataDir` (and the
 * `--database` in `extra`, if any). Ready when the last banner line is out. Answers the child, the time to
 * ready, its base URL and the demo description it saved (null when it saved none: a second PostgreSQL
 * instance on an existing portal).
 */
export async function startExtcall(dataDir, extra = [], wrapper = []) {
  const started = await startProcess(
    [BIN, 'serve', '--data', dataDir, '--port', '0', '--log-level', 'silent', '--timezone', 'UTC', '--no-limits', ...extra],
    (out) => /\nlimits:[^\n]*\n/.test(out),
    {},
    wrapper,
  );
  const baseUrl = /listening:\s+(http:\/\/\S+)/.exec(started.out)[1];
  const demoFile = join(dataDir, 'demo-portal.json');
  const demo = existsSync(demoFile) ? JSON.parse(readFileSync(demoFile, 'utf8')) : null;
  return { ...started, baseUrl, demo };
}

const BASELINE_SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    let parsed = {};
    try { parsed = body ? JSON.parse(body) : {}; } catch {}
    const out = JSON.stringify({ result: { ok: true, keys: Object.keys(parsed).length }, time: { start: Date.now() / 1000 } });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(out);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
`;

/** What the baseline is sent: a JSON body about the size of a register call's. */
export const BASELINE_BODY = JSON.stringify({ auth: 'x', USER_ID: 2, PHONE_NUMBER: '+12025550147', TYPE: 2 });

/** The bare node:http server: reads a small JSON body, answers a fixed JSON. `wrapper` as for startProcess. */
export async function startBaseline(wrapper = []) {
  const started = await startProcess(['-e', BASELINE_SERVER], (out) => /listening \d+\n/.test(out), {}, wrapper);
  return { ...started, baseUrl: `http://127.0.0.1:${/listening (\d+)/.exec(started.out)[1]}` };
}

/** The round-robin proxy of bench/proxy.mjs in front of `upstreams` (base URLs). */
export async function startProxy(upstreams) {
  const started = await startProcess([PROXY, ...upstreams], (out) => /listening \d+\n/.test(out));
  return { ...started, baseUrl: `http://127.0.0.1:${/listening (\d+)/.exec(started.out)[1]}` };
}
