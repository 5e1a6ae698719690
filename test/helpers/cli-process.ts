import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve('bin/extcall.js');

export function extcall(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: options.cwd,
    env: { ...process.env, EXTCALL_DATA: '', ...options.env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Starts `extcall serve` and resolves once it printed its banner; `stderr()` is what it wrote there so far. */
export function startServer(
  args: string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<{ child: ChildProcess; stdout: string; stderr: () => string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--log-level', 'warn', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 15_000);
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      // The limits line is the banner's last.
      if (stdout.includes('limits:') && /\n$/.test(stdout)) {
        clearTimeout(timer);
        resolvePromise({ child, stdout, stderr: () => stderr });
      }
    });
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}
