import type { LogRecord } from '../../format/schema.js';
import { type BadLines, badLines } from './badLines.js';
import { type DayPlan, type DemoPlan, planDays } from './demoPlan.js';
import { DemoWriter, type Section } from './demoWriter.js';
import { Random } from './random.js';
import { simulate } from './simulate.js';
import { SITE } from './site.js';
import { AMPLIFY_HEADER, AMPLIFY_HEADER_ESCAPED_PAREN, type AmplifyLineOptions } from './writers.js';

export { writeAmplifyCsvFile } from './amplifyCsvFile.js';

export interface DemoOptions {
  /** The moment the downloads are made: the data ends at the start of its hour. */
  readonly now: Date;
  /** The simulation seed (default 1). */
  readonly seed?: number;
  /** Calendar days of traffic, the last one being today (default 28). */
  readonly days?: number;
  /** Requests in all (default 60,000). */
  readonly requests?: number;
}

export interface DemoFileSet {
  /** Every file written (absolute or relative to the working folder as `dir` is; sorted). */
  readonly files: string[];
  /** Valid data lines written, duplicates included. */
  readonly records: number;
  /** Distinct request ids among the valid lines: what an import must keep, each once. */
  readonly expectedUniqueRequests: number;
  /** Damaged lines an import must reject (repeated headers are not counted). */
  readonly expectedRejectedLines: number;
  /** One sentence a quirk, naming a file that shows it. */
  readonly notes: string[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Writes into `dir` a download folder like a real one, with every quirk of FORMAT.md: Amplify CSV
 * files a day (`amplify/<appid>-<date>.csv`) with rows out of time order; days split in two files
 * whose hours overlap; a day with `-0` as the empty marker; one with the `cs\(Host\)` header; a
 * stitched file (two downloads, the header again mid-file); a 0-byte and a header-only file;
 * CloudFront gzip logs for some days (`cloudfront/`), one of them overlapping an Amplify file;
 * late requests in the next day's file; damaged lines. The traffic covers `days` calendar days
 * and ends at the start of `now`'s hour (at `now` itself during a day's first hour), so today and
 * yesterday have data. With few days some quirks are left out; the notes list those written.
 */
export async function writeDemoFiles(dir: string, options: DemoOptions): Promise<DemoFileSet> {
  const { start, end } = demoPeriod(options.now, options.days ?? 28);
  const seed = options.seed ?? 1;
  const records = [...simulate({ seed, start, end, requests: options.requests ?? 60_000 })];
  const plan = planDays(dayList(start.getTime(), end.getTime()));
  const byDay = groupByDay(records);
  const lateRows = moveLate(byDay, plan);
  const rng = new Random(seed ^ 0x5eed);
  const writer = new DemoWriter(dir, rng);
  for (const day of plan.days) {
    const rows = exportOrder([...(byDay.get(day.date) ?? []), ...(lateRows.get(day.date) ?? [])]);
    const damage = day.badLines
      ? badLines(template(records, day, seed, start, end), rng, lineOptions(day))
      : undefined;
    await writeDay(writer, day, rows, damage);
  }
  await writeEmptyFiles(writer, plan);
  return writer.result();
}

/** The period of a demo: `days` calendar days, ending at the start of `now`'s hour. */
export function demoPeriod(now: Date, days: number): { start: Date; end: Date } {
  if (!(Number.isInteger(days) && days >= 1))
    throw new RangeError('writeDemoFiles: days must be a whole number >= 1');
  const t = now.getTime();
  const hour = Math.floor(t / HOUR) * HOUR;
  const today = Math.floor(t / DAY) * DAY;
  const end = hour > today ? hour : Math.max(Math.floor(t / 1000) * 1000, today);
  const lastDay = Math.floor((end - 1) / DAY) * DAY;
  return { start: new Date(lastDay - (days - 1) * DAY), end: new Date(end) };
}

function dayList(start: number, end: number): string[] {
  const days: string[] = [];
  for (let t = start; t < end; t += DAY) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

function groupByDay(records: readonly LogRecord[]): Map<string, LogRecord[]> {
  const byDay = new Map<string, LogRecord[]>();
  for (const r of records) {
    const list = byDay.get(r.date as string);
    if (list) list.push(r);
    else byDay.set(r.date as string, [r]);
  }
  return byDay;
}

/** Takes the last five requests of the late day out of it; returns them under the day they arrive. */
function moveLate(byDay: Map<string, LogRecord[]>, plan: DemoPlan): Map<string, LogRecord[]> {
  const moved = new Map<string, LogRecord[]>();
  if (!plan.late) return moved;
  const rows = byDay.get(plan.late.from) ?? [];
  const last = [...rows].sort((a, b) => (a.time as string).localeCompare(b.time as string)).slice(-5);
  byDay.set(
    plan.late.from,
    rows.filter((r) => !last.includes(r)),
  );
  moved.set(plan.late.to, last);
  return moved;
}

function hourOf(r: LogRecord): number {
  return Number((r.time as string).slice(0, 2));
}

function inHours(rows: readonly LogRecord[], from: number, to: number): LogRecord[] {
  return rows.filter((r) => hourOf(r) >= from && hourOf(r) < to);
}

/**
 * Rows as an Amplify export lists them: by hour, then grouped by edge location (the export joins
 * per-edge logs), so times jump back within each hour.
 */
function exportOrder(rows: readonly LogRecord[]): LogRecord[] {
  const location = (r: LogRecord) => r.location ?? '';
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => hourOf(a.r) - hourOf(b.r) || location(a.r).localeCompare(location(b.r)) || a.i - b.i)
    .map(({ r }) => r);
}

/** A record to derive damaged lines from: one of the day, else any, else a fresh one. */
function template(
  records: readonly LogRecord[],
  day: DayPlan,
  seed: number,
  start: Date,
  end: Date,
): LogRecord {
  const any = records.find((r) => r.date === day.date) ?? records[0];
  if (any) return { ...any, date: day.date };
  const [fresh] = simulate({ seed: seed + 1, start, end, requests: 1 });
  return { ...(fresh as LogRecord), date: day.date };
}

function lineOptions(day: DayPlan): AmplifyLineOptions {
  return { emptyMarker: day.dashZero ? '-0' : '-', escapeCloseParen: day.escapedParen };
}

async function writeDay(
  writer: DemoWriter,
  day: DayPlan,
  rows: LogRecord[],
  damage: BadLines | undefined,
): Promise<void> {
  const name = `amplify/${SITE.appId}-${day.date}`;
  const plain: AmplifyLineOptions = { emptyMarker: '-' };
  if (day.cloudFrontHours > 0) await writeCloudFront(writer, day, rows);
  if (day.cloudFrontHours >= 24) return;
  if (day.split) {
    await writer.amplify(`${name}-part1.csv`, [section(AMPLIFY_HEADER, rows, 0, 13)], plain);
    await writer.amplify(`${name}-part2.csv`, [section(AMPLIFY_HEADER, rows, 11, 24)], plain);
    writer.note(
      'a day split in two downloads whose hours overlap (11:00-13:00 in both)',
      `${name}-part1.csv`,
    );
    return;
  }
  if (day.stitched) {
    await writer.amplify(
      `${name}.csv`,
      [section(AMPLIFY_HEADER, rows, 0, 12), section(AMPLIFY_HEADER, rows, 11, 24)],
      plain,
    );
    writer.note(
      'a stitched file: two downloads concatenated, the header again mid-file, hour 11 twice',
      `${name}.csv`,
    );
    return;
  }
  const header = day.escapedParen ? AMPLIFY_HEADER_ESCAPED_PAREN : AMPLIFY_HEADER;
  await writer.amplify(`${name}.csv`, [{ header, rows }], lineOptions(day), damage);
  if (day.dashZero) writer.note('a 2022-style export writing -0 in every empty slot', `${name}.csv`);
  if (day.escapedParen)
    writer.note('the header variant that escapes ) too (cs\\(Host\\)), with \\) in values', `${name}.csv`);
}

function section(header: string, rows: readonly LogRecord[], from: number, to: number): Section {
  return { header, rows: inHours(rows, from, to) };
}

async function writeCloudFront(writer: DemoWriter, day: DayPlan, rows: readonly LogRecord[]): Promise<void> {
  const names = await writer.cloudFront(day.date, inHours(rows, 0, day.cloudFrontHours));
  const first = names[0] ?? `cloudfront/E2EXAMPLE.${day.date}-*.gz`;
  if (day.cloudFrontHours >= 24) {
    writer.note(
      'a day delivered only as CloudFront standard logs (gzip, 33 fields, some trailing tabs, hour 12 in two files)',
      first,
    );
  } else {
    writer.note(
      `CloudFront logs of hours 00-${String(day.cloudFrontHours - 1).padStart(2, '0')} overlapping the Amplify file of the same day (the same requests twice, in two formats)`,
      first,
    );
  }
}

async function writeEmptyFiles(writer: DemoWriter, plan: DemoPlan): Promise<void> {
  const zero = `amplify/${SITE.appId}-${plan.today}-latest.csv`;
  await writer.raw(zero, '');
  writer.note('a 0-byte download (an empty window: the latest hour, not delivered yet)', zero);
  const headerOnly = `amplify/${SITE.appId}-${plan.before}.csv`;
  await writer.raw(headerOnly, `${AMPLIFY_HEADER}\n`);
  writer.note('a header-only download (the day before the site launched: no requests)', headerOnly);
  if (plan.late) {
    writer.note(
      `five requests of ${plan.late.from} delivered late, in the next day's file`,
      `amplify/${SITE.appId}-${plan.late.to}.csv`,
    );
  }
}
