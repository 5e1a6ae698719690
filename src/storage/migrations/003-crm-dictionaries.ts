import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** Lead sources: `CRM_SOURCE` of register names one of these (I15); CALL is the fallback. */
const SOURCES: Array<[string, string]> = [
  ['CALL', 'Call'],
  ['EMAIL', 'E-mail'],
  ['WEB', 'Website'],
  ['ADVERTISING', 'Advertising'],
  ['PARTNER', 'Existing client'],
  ['RECOMMENDATION', 'By recommendation'],
  ['TRADE_SHOW', 'Show/Exhibition'],
  ['WEBFORM', 'CRM form'],
  ['CALLBACK', 'Callback'],
  ['OTHER', 'Other'],
];

/** Lead stages, with their semantics: process, success (S), failure (F). */
const LEAD_STATUSES: Array<[string, string, string, string]> = [
  ['NEW', 'Unassigned', '', '#39A8EF'],
  ['IN_PROCESS', 'In progress', '', '#2FC6F6'],
  ['PROCESSED', 'Processed', '', '#55D0E0'],
  ['CONVERTED', 'Good lead', 'S', '#7BD500'],
  ['JUNK', 'Junk lead', 'F', '#FF5752'],
];

/** The portal's currencies; the base currency has rate 1. */
const CURRENCIES: Array<[string, number, string, string, string, string]> = [
  ['USD', 1, 'US Dollar', '$#', '.', ','],
  ['EUR', 1.08, 'Euro', '&euro;#', '.', ','],
  ['GBP', 1.27, 'Pound Sterling', '&pound;#', '.', ','],
  ['RUB', 0.011, 'Russian Ruble', '# &#8381;', '.', ' '],
  ['UAH', 0.024, 'Hryvnia', '# грн.', '.', ' '],
  ['KZT', 0.0021, 'Tenge', '# ₸', '.', ' '],
  ['BYN', 0.31, 'Belarusian Ruble', '# руб.', '.', ' '],
];

/** Every portal's CRM dictionaries: lead sources and stages, currencies. */
export const crmDictionariesMigration: Migration = {
  name: '003-crm-dictionaries',
  async up(db: Kysely<any>) {
    const statuses = [
      ...SOURCES.map(([statusId, name], i) => ({
        entity_id: 'SOURCE',
        status_id: statusId,
        name,
        name_init: name,
        sort: (i + 1) * 10,
        system: 'N',
        color: '',
        semantics: '',
      })),
      ...LEAD_STATUSES.map(([statusId, name, semantics, color], i) => ({
        entity_id: 'STATUS',
        status_id: statusId,
        name,
        name_init: name,
        sort: (i + 1) * 10,
        system: 'Y',
        color,
        semantics,
      })),
    ];
    await db.insertInto('crm_statuses').values(statuses).execute();
    const now = Math.floor(Date.now() / 1000);
    await db
      .insertInto('crm_currencies')
      .values(
        CURRENCIES.map(([currency, amount, fullName, format, decPoint, thousands], i) => ({
          currency,
          amount_cnt: 1,
          amount,
          sort: (i + 1) * 100,
          base: i === 0 ? 'Y' : 'N',
          full_name: fullName,
          format_string: format,
          dec_point: decPoint,
          thousands_sep: thousands,
          decimals: 2,
          date_update: now,
        })),
      )
      .execute();
  },
};
