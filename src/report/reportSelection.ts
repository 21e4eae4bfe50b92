import { PERIOD_NAMES, type PeriodName } from '../engine/periods.js';
import { UsageError } from '../util/errors.js';
import { parseFilter, type ReportFilter } from './filters.js';
import { parseDay, type RangeSpec } from './range.js';

/**
 * What a report is asked for, as text: the options of `report` and the query parameters of the
 * dashboard's `/api/report` (the same names), before they are read.
 */
export interface SelectionText {
  readonly range?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly compare?: boolean;
  readonly host?: string | undefined;
  readonly excludeBots?: boolean;
  readonly filters?: readonly string[];
  readonly top?: string | undefined;
}

/** What a report is asked for, read: the `buildReport` options that say which figures. */
export interface Selection {
  readonly range: RangeSpec;
  readonly compare: boolean;
  readonly host: string | undefined;
  readonly excludeBots: boolean;
  readonly filters: readonly ReportFilter[];
  readonly limit: number;
}

/** Reads a selection; throws a `UsageError` (exit 2) naming the option that is wrong. */
export function readSelection(text: SelectionText): Selection {
  const range = rangeSpec(text.range, text.from, text.to);
  if (text.compare && range.kind === 'all') {
    throw new UsageError(
      '--compare needs a period of fixed length: use --range today|yesterday|week|last-week|month or --from/--to, not --range all',
    );
  }
  if (text.host === '') throw new UsageError('--host is empty: give a host name such as www.example.com');
  return {
    range,
    compare: text.compare === true,
    host: text.host,
    excludeBots: text.excludeBots === true,
    filters: (text.filters ?? []).map(parseFilter),
    limit: top(text.top),
  };
}

function rangeSpec(range: string | undefined, from: string | undefined, to: string | undefined): RangeSpec {
  if (from !== undefined || to !== undefined) {
    if (range !== undefined) throw new UsageError('give either --range or --from/--to, not both');
    if (from === undefined || to === undefined)
      throw new UsageError('--from and --to go together: give both days');
    const first = day('--from', from);
    const last = day('--to', to);
    if (first > last) throw new UsageError(`--from ${from} is after --to ${to}`);
    return { kind: 'days', from: first, to: last };
  }
  if (range === undefined) return { kind: 'period', name: 'week' };
  if (range === 'all') return { kind: 'all' };
  if (range === 'last-week') return { kind: 'lastWeek' };
  if ((PERIOD_NAMES as readonly string[]).includes(range))
    return { kind: 'period', name: range as PeriodName };
  throw new UsageError(`--range ${range}: use one of today, yesterday, week, last-week, month, all`);
}

function day(option: string, text: string): string {
  const parsed = parseDay(text);
  if (parsed === undefined) throw new UsageError(`${option} ${text}: give a UTC day as YYYY-MM-DD`);
  return parsed;
}

function top(value: string | undefined): number {
  if (value === undefined) return 20;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new UsageError(`--top ${value}: give a whole number from 1 to 1000`);
  return n;
}
