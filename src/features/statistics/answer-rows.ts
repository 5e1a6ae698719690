import type { CallStatisticsRow } from '../../storage/schema.js';
import type { StatisticFieldSpec } from './statistic-fields.js';

/** Makes one answer row of voximplant.statistic.get from one statistics row. */
export type AnswerRowMaker = (row: CallStatisticsRow, formatDate: (unixSeconds: number) => string) => Record<string, unknown>;

/**
 * One generated function that builds an answer row as a single object literal, in field order: a field
 * shown as its column's text is read by name inline, any other calls its own reader. A loop over the
 * readers read every column through one shared closure, by a key that changed each time, and cost
 * about twice as much per page.
 */
export function answerRowMaker(fields: Readonly<Record<string, StatisticFieldSpec>>): AnswerRowMaker {
  const specs = Object.entries(fields);
  if (specs.some(([name]) => name === '__proto__')) throw new TypeError('answerRowMaker: "__proto__" cannot be a field');
  const readers = specs.map(([, spec]) => spec.read);
  const entries = specs.map(([name, spec], i) => {
    if (!spec.asText) return `${JSON.stringify(name)}: readers[${i}](row, formatDate)`;
    const value = `row[${JSON.stringify(spec.column)}]`;
    return `${JSON.stringify(name)}: ${value} === null ? null : String(${value})`;
  });
  return new Function('readers', `return (row, formatDate) => ({ ${entries.join(', ')} });`)(readers) as AnswerRowMaker;
}
