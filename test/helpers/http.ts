import { expect } from 'vitest';
import type { TestPortal } from './test-portal.js';

export type Injected = Awaited<ReturnType<TestPortal['portal']['app']['inject']>>;

/** Asserts the exact Bitrix error envelope (A16) and status. */
export function expectError(res: Injected, status: number, error: string, description?: string | RegExp): void {
  const body = res.json();
  expect(Object.keys(body)).toEqual(['error', 'error_description']);
  expect(body.error).toBe(error);
  if (typeof description === 'string') expect(body.error_description).toBe(description);
  else if (description) expect(body.error_description).toMatch(description);
  expect(res.statusCode).toBe(status);
}

/** A normal call still works: the server keeps serving after bad input. */
export async function expectStillServing(t: TestPortal): Promise<void> {
  const res = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}user.current` });
  expect(res.statusCode).toBe(200);
  expect(res.json().result.ID).toBe('1');
}

/** Builds a multipart/form-data body by hand. */
export function multipart(fields: Array<[string, string]>, file?: { field: string; name: string; type: string; data: Buffer }) {
  const boundary = '----extcallTestBoundary7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
    );
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
