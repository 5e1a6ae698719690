import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** Where the certificate is, so a client can be told to trust it. */
  certPath: string;
  /** True when extcall made the certificate itself. */
  selfSigned: boolean;
}

const DIR = 'tls';
const CERT = 'cert.pem';
const KEY = 'key.pem';

/**
 * The certificate of the TLS listener: the user's files, else a self-signed one kept in the data
 * directory (made on first use, reused after), valid for localhost, 127.0.0.1, ::1 and `host`.
 */
export async function loadTlsMaterial(options: {
  certFile: string | null;
  keyFile: string | null;
  dataDir: string | null;
  host: string;
}): Promise<TlsMaterial> {
  if (options.certFile && options.keyFile) {
    return {
      cert: readFileSync(options.certFile, 'utf8'),
      key: readFileSync(options.keyFile, 'utf8'),
      certPath: options.certFile,
      selfSigned: false,
    };
  }
  const dir = join(options.dataDir ?? join(tmpdir(), `extcall-${process.pid}`), DIR);
  const certPath = join(dir, CERT);
  const keyPath = join(dir, KEY);
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath, selfSigned: true };
  }
  const names = new Set(['localhost', options.host]);
  const altNames = [...names].map((name) => (/^[\d.]+$|:/.test(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name }));
  for (const ip of ['127.0.0.1', '::1']) if (!names.has(ip)) altNames.push({ type: 7, ip });
  const notAfter = new Date();
  notAfter.setFullYear(notAfter.getFullYear() + 2);
  // Loaded only here: the certificate library and its X.509 stack cost a fifth of a second at every start.
  const { default: selfsigned } = await import('selfsigned');
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'extcall local portal' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  writeFileSync(certPath, pems.cert);
  return { cert: pems.cert, key: pems.private, certPath, selfSigned: true };
}
