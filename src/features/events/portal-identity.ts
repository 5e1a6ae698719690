import { createHmac } from 'node:crypto';
import type { ServerConfig } from '../../kernel/config.js';
import { randomHex } from '../../kernel/secrets.js';
import type { Storage } from '../../storage/storage.js';

/** How the portal names itself in events and token answers (H4, B4). */
export interface PortalIdentity {
  /** Host and port, e.g. "127.0.0.1:8080". */
  domain: string;
  /** `<base>/rest/`: client_endpoint and server_endpoint alike (this server is its own OAuth server). */
  restEndpoint: string;
  memberId: string;
}

const BASE_URL_SETTING = 'base_url';

/** The portal's identity: its address, member_id (B17) and the application tokens derived from a secret (B16). */
export class PortalIdentityService {
  /** Settings that never change once set: read once instead of for every delivery. */
  private memberIdRead: Promise<string> | null = null;
  private tokenSecretRead: Promise<string> | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly config: ServerConfig,
  ) {}

  /** The portal's domain, REST endpoint and member_id, as events and token answers carry them. */
  async identity(): Promise<PortalIdentity> {
    const base = await this.portalUrl();
    return { domain: new URL(base).host, restEndpoint: `${base}/rest/`, memberId: await this.memberId() };
  }

  /** The portal's base URL as clients know it. */
  async portalUrl(): Promise<string> {
    return this.config.publicUrl ?? (await this.storage.settings.get(BASE_URL_SETTING)) ?? `http://${this.config.host}:${this.config.port}`;
  }

  /** The portal was wiped: member_id and the token secret are read (or made) again. */
  forget(): void {
    this.memberIdRead = null;
    this.tokenSecretRead = null;
  }

  /** Remembers the address clients use (the server does on start), for events and token answers. */
  async rememberBaseUrl(baseUrl: string): Promise<void> {
    await this.storage.settings.set(BASE_URL_SETTING, baseUrl);
  }

  /** The app's application_token (B16): derived, so it need not be stored. */
  async applicationToken(appId: number): Promise<string> {
    this.tokenSecretRead ??= this.settingOnce('application_token_secret', randomHex(32), () => (this.tokenSecretRead = null));
    return createHmac('sha256', await this.tokenSecretRead)
      .update(`app:${appId}`)
      .digest('hex')
      .slice(0, 32);
  }

  /** member_id (B17): a stable identifier of this portal. */
  memberId(): Promise<string> {
    this.memberIdRead ??= this.settingOnce('member_id', randomHex(16), () => (this.memberIdRead = null));
    return this.memberIdRead;
  }

  /** A setting fixed on first use; a failed read is forgotten so that the next call tries again. */
  private settingOnce(key: string, initial: string, forget: () => void): Promise<string> {
    return this.storage.settings.setIfAbsent(key, initial).catch((error: unknown) => {
      forget();
      throw error;
    });
  }
}
