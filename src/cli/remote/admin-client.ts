import type { Command } from 'commander';
import { errorEnvelopeText } from '../../kernel/errors/rest-error.js';
import { CommandFailure } from '../failure.js';
import { adminServerUrl, adminTokenFor } from '../server-address.js';

/** Options every by-URL command shares: which server, and the token for when it is not on this machine. */
export interface RemoteOptions {
  url?: string;
  adminToken?: string;
  data?: string;
}

export function addRemoteOptions(command: Command): Command {
  return command
    .option('--url <url>', "the running server (env EXTCALL_URL; default: the address --data's server saved, else http://127.0.0.1:8080)")
    .option('--admin-token <token>', 'admin token, needed from other machines (env EXTCALL_ADMIN_TOKEN; default: DATA/admin-token)')
    .option('--data <dir>', 'data directory of the server, to find its address and token (env EXTCALL_DATA, default ./extcall-data)');
}

/** The admin API (/_extcall/) of a running server, over HTTP. */
export class AdminClient {
  private constructor(
    readonly url: string,
    private readonly token: string | null,
  ) {}

  static for(options: RemoteOptions): AdminClient {
    const url = adminServerUrl(options);
    if (!isHttpUrl(url)) throw CommandFailure.of('NOT_A_SERVER_URL', { value: url });
    return new AdminClient(url, adminTokenFor(options));
  }

  get<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    return this.call<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  /** Server-sent events of `path`: each `data:` line's JSON, until the server ends the stream or the process is stopped. */
  async *stream(path: string, query: Record<string, string | undefined>): AsyncGenerator<unknown> {
    const response = await this.send('GET', withQuery(path, query), undefined, { accept: 'text/event-stream' });
    if (!response.ok || !response.body) {
      await this.answer(response);
      return;
    }
    const decoder = new TextDecoder();
    let pending = '';
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      pending += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = pending.indexOf('\n\n')) >= 0) {
        const event = pending.slice(0, end);
        pending = pending.slice(end + 2);
        const data = event
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        if (data !== '') yield JSON.parse(data) as unknown;
      }
    }
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await this.answer(await this.send(method, path, body))) as T;
  }

  private async send(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const target = `${this.url}/_extcall/${path}`;
    try {
      return await fetch(target, {
        method,
        headers: {
          ...headers,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw CommandFailure.of('SERVER_UNREACHABLE', { url: this.url, reason: unreachableReason(error) });
    }
  }

  /** The JSON of a successful answer; a refusal carries the server's own words (exit 2). */
  private async answer(response: Response): Promise<unknown> {
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      throw CommandFailure.of('SERVER_ANSWER_UNREADABLE', { url: this.url, status: response.status });
    }
    if (response.ok) return body;
    const reason = errorEnvelopeText(body);
    if (reason === null) throw CommandFailure.of('SERVER_ANSWER_UNREADABLE', { url: this.url, status: response.status });
    throw CommandFailure.of('SERVER_REFUSED', { url: this.url, reason });
  }
}

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** fetch hides the system's reason (ECONNREFUSED, ENOTFOUND…) in its cause. */
function unreachableReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
