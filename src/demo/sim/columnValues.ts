import { LOG_COLUMNS, type LogRecord } from '../../format/schema.js';

const NAMES = LOG_COLUMNS.map((c) => c.name);

/** The values of a record in LOG_COLUMNS order (missing keys as undefined). */
export function columnValues(record: LogRecord): (string | number | null | undefined)[] {
  return NAMES.map((name) => record[name]);
}
