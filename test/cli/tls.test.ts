import type { ChildProcess } from 'node:child_process';
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
