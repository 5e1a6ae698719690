import { restError } from '../../kernel/errors/rest-error.js';
import type { Storage } from '../../storage/storage.js';
import type { TelephonyLineRow } from '../../storage/schema.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';

/** G7: upper-cased; anything but "N" is "Y". */
export function crmAutoCreateFlag(value: string): 'Y' | 'N' {
  return value.trim().toUpperCase() === 'N' ? 'N' : 'Y';
}

/** An application's external lines (G1–G7): each app sees and changes only its own. */
export class ExternalLinesService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  async add(appId: number, number: string, name: string, crmAutoCreate: 'Y' | 'N'): Promise<number> {
    const line = await this.storage.lines.insert(appId, number, name, crmAutoCreate, unixSeconds(this.clock));
    if (!line) throw restError('LINE_EXISTS');
    return line.id;
  }

  async update(appId: number, number: string, changes: { name?: string; crm_auto_create?: string }): Promise<number> {
    const line = await this.find(appId, number);
    await this.storage.lines.update(line.id, changes);
    return line.id;
  }

  async delete(appId: number, number: string): Promise<void> {
    const line = await this.find(appId, number);
    // G5: calls and statistics that used the line keep their stored number.
    await this.storage.lines.delete(line.id);
  }

  list(appId: number): Promise<TelephonyLineRow[]> {
    return this.storage.lines.forApp(appId);
  }

  private async find(appId: number, number: string): Promise<TelephonyLineRow> {
    const line = await this.storage.lines.find(appId, number);
    if (!line) throw restError('LINE_NOT_FOUND', { number });
    return line;
  }
}
