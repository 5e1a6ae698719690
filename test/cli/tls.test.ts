import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { extcall, startServer } from '../helpers/cli-process.js';

/** A GET over TLS that trusts only `ca`. */
function getTls(url: string, ca: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      })
      .on('error', reject);
  });
}

describe('serve over TLS (issue 5)', () => {
  let dir: string;
  let server: ChildProcess;
  let banner: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'extcall-tls-'));
    ({ child: server, stdout: banner } = await startServer(['--data', dir, '--tls-port', '0', '--require-https', '--no-limits']));
  });
  afterAll(() => {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  test('a self-signed certificate is made in the data directory, printed, and serves the portal; clients are pointed at https', async () => {
    const certPath = join(dir, 'tls', 'cert.pem');
    expect(banner).toContain(`certificate:   ${certPath} (self-signed`);
    expect(banner).toContain('limits:        off');
    const demo = JSON.parse(readFileSync(join(dir, 'demo-portal.json'), 'utf8'));
    expect(demo.webhookUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/rest\/1\//);
    const answer = await getTls(`${demo.webhookUrl}profile`, readFileSync(certPath, 'utf8'));
    expect(answer.status).toBe(200);
    expect(answer.body.result.ID).toBe('1');
  });

  test("the banner's curl lines work as printed: they name the self-signed certificate", () => {
    const certPath = join(dir, 'tls', 'cert.pem');
    const line = /^try: +(curl .*user\.get')$/m.exec(banner)?.[1];
    expect(line).toBe(
      `curl --cacert '${certPath}' '${JSON.parse(readFileSync(join(dir, 'demo-portal.json'), 'utf8')).webhookUrl}user.get'`,
    );
    // Run through a shell exactly as printed, where curl is installed (CI images have it).
    const run = spawnSync('sh', ['-c', `${line} --silent --show-error`], { encoding: 'utf8' });
    if (run.error) return;
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).total).toBe(4);
  });

  test('A20: with --require-https the plain port answers "Https required"', async () => {
    const plain = /listening:\s+(http:\/\/[^\s]+)/.exec(banner)![1]!;
    const res = await fetch(`${plain}/rest/profile`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'INVALID_REQUEST', error_description: 'Https required' });
  });

  test('a garbage handshake is dropped and the server keeps serving', async () => {
    const demo = JSON.parse(readFileSync(join(dir, 'demo-portal.json'), 'utf8'));
    const { hostname, port } = new URL(demo.baseUrl);
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(port), hostname, () => socket.end(Buffer.from('GET / HTTP/1.1\r\n\r\n\x16\x03\x01garbage')));
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    const answer = await getTls(`${demo.webhookUrl}profile`, readFileSync(join(dir, 'tls', 'cert.pem'), 'utf8'));
    expect(answer.status).toBe(200);
  });

  test('the certificate is reused on the next start; bad TLS flags exit 2', async () => {
    const cert = readFileSync(join(dir, 'tls', 'cert.pem'), 'utf8');
    // One server per SQLite data directory: the first one goes before the next start.
    await new Promise((resolve) => {
      server.once('exit', resolve);
      server.kill('SIGTERM');
    });
    const other = await startServer(['--data', dir, '--tls-port', '0', '--no-http']);
    try {
      expect(readFileSync(join(dir, 'tls', 'cert.pem'), 'utf8')).toBe(cert);
      expect(other.stdout).toMatch(/listening:\s+https:\/\/127\.0\.0\.1:\d+\n/);
    } finally {
      other.child.kill('SIGTERM');
    }
    expect(extcall(['serve', '--memory', '--no-http']).code).toBe(2);
    expect(extcall(['serve', '--memory', '--tls-port', '0', '--tls-cert', 'x.pem']).code).toBe(2);
  });
});
