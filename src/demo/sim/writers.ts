import { CLOUDFRONT_FIELDS, LOG_COLUMNS, type LogRecord } from '../../format/schema.js';
import { ColumnEncoder } from './columnEncoder.js';
import { columnValues } from './columnValues.js';
import { isCloudFrontPlain, percentEncode, plainTest } from './percentEncoding.js';

/**
 * Log lines exactly as AWS writes them, from records holding true decoded values, and what a
 * reader must get back from each line (`expectedAfter...`). Lines carry no line terminator.
 */

export { percentEncode } from './percentEncoding.js';

/** The Amplify CSV header, verbatim from real exports (`(` escaped, `)` not). */
export const AMPLIFY_HEADER =
  'date,time,x-edge-location,sc-bytes,c-ip,cs-method,cs\\(Host),cs-uri-stem,sc-status,cs\\(Referer),cs\\(User-Agent),cs-uri-query,cs\\(Cookie),x-edge-result-type,x-edge-request-id,x-host-header,cs-protocol,cs-bytes,time-taken,x-forwarded-for,ssl-protocol,ssl-cipher,x-edge-response-result-type,cs-protocol-version,fle-status,fle-encrypted-fields,c-port,time-to-first-byte,x-edge-detailed-result-type,sc-content-type,sc-content-len,sc-range-start,sc-range-end';

/** The header variant one public sample shows, which escapes `)` too (`cs\(Host\)`). */
export const AMPLIFY_HEADER_ESCAPED_PAREN = AMPLIFY_HEADER.replaceAll(')', '\\)');

export interface AmplifyLineOptions {
  /** What an empty value is written as: `-` (usual) or `-0` (one 2022 export). */
  readonly emptyMarker: '-' | '-0';
  /** Also escape `)` as `\)` (default false: only `(` is escaped, as in most exports). */
  readonly escapeCloseParen?: boolean;
}

export type CloudFrontEra = 19 | 24 | 26 | 33;

export interface CloudFrontLineOptions {
  /** How many fields the line has: 19 (before 2017), 24, 26, or 33 (from December 2019). */
  readonly fieldCount: CloudFrontEra;
  /** Write spaces as `%2520`, as logs before 2020 did (default false). */
  readonly doubleEncodeSpaces?: boolean;
  /** End the line with a stray tab, as some real lines do (default false). */
  readonly trailingTab?: boolean;
}

type Value = string | number | null;
type Kind = 'text' | 'escapeEquals' | 'integer' | 'status' | 'float';

/** How each column is written, in LOG_COLUMNS order. */
const KINDS: readonly Kind[] = LOG_COLUMNS.map((c) => {
  if (c.name === 'status') return 'status';
  if (c.name === 'query_string' || c.name === 'request_id') return 'escapeEquals';
  if (c.type === 'FLOAT') return 'float';
  if (c.type === 'BIGINT' || c.type === 'INTEGER') return 'integer';
  return 'text';
});

const NAMES = LOG_COLUMNS.map((c) => c.name);

const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** `value.toFixed(3)`, faster for the small non-negative numbers logs hold. */
function fixed3(value: number): string {
  if (!(value >= 0 && value < 1e9)) return value.toFixed(3);
  const thousandths = Math.round(value * 1000);
  return `${Math.floor(thousandths / 1000)}.${PAD3[thousandths % 1000]}`;
}

function formatNumber(kind: Kind, value: number): string {
  if (kind === 'float') return fixed3(value);
  if (kind === 'status') return String(value).padStart(3, '0');
  return String(value);
}

/** Amplify's escaping of a text value: commas dropped, percent-encoded, then backslashes. */
function amplifyEncoder(escapeCloseParen: boolean, escapeEquals: boolean): (value: string) => string {
  return (value) => {
    let out = percentEncode(value.includes(',') ? value.replaceAll(',', '') : value);
    if (out.includes('(')) out = out.replaceAll('(', '\\(');
    if (escapeCloseParen && out.includes(')')) out = out.replaceAll(')', '\\)');
    if (escapeEquals && out.includes('=')) out = out.replaceAll('=', '\\=');
    return out;
  };
}

/** True for text no Amplify escaping touches (`=` counts: it is escaped in two columns). */
const isAmplifyPlain = plainTest(',()=');

/** Per-column encoders of each Amplify variant (index 1: `)` escaped too). */
const AMPLIFY_ENCODERS = [false, true].map((paren) =>
  KINDS.map((kind) => new ColumnEncoder(amplifyEncoder(paren, kind === 'escapeEquals'), isAmplifyPlain)),
);

/** Per-column encoders of CloudFront lines (index 1: spaces double-encoded). */
const CLOUDFRONT_ENCODERS = [false, true].map((double) =>
  KINDS.map(() => new ColumnEncoder((v) => percentEncode(v, double), isCloudFrontPlain)),
);

/**
 * One Amplify CSV line: the 33 fields comma-separated, no quoting. Text values lose their commas
 * (Amplify drops them: `KHTML, like Gecko` becomes `KHTML%20like%20Gecko`), are percent-encoded
 * like CloudFront's, then `(` gets a backslash (and `)` too with `escapeCloseParen`), and `=`
 * gets one in the query string and the request id (`...Hg\=\=`). Empty values are `emptyMarker`;
 * status 0 is `000`; floats have 3 decimals.
 */
export function formatAmplifyLine(record: LogRecord, options: AmplifyLineOptions): string {
  const encoders = AMPLIFY_ENCODERS[options.escapeCloseParen ? 1 : 0] as ColumnEncoder[];
  const values = columnValues(record);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? null;
    if (value === null) values[i] = options.emptyMarker;
    else if (typeof value === 'number') values[i] = formatNumber(KINDS[i] as Kind, value);
    else values[i] = (encoders[i] as ColumnEncoder).encode(value);
  }
  // join() builds one flat string: a long chain of concatenations would keep thousands of
  // rope pieces alive per chunk of output and keep the garbage collector busy.
  return values.join(',');
}

/** The `#Version` and `#Fields` lines that open a CloudFront log of `fieldCount` fields, with `\n`s. */
export function cloudFrontPreamble(fieldCount: CloudFrontEra): string {
  return `#Version: 1.0\n#Fields: ${CLOUDFRONT_FIELDS.slice(0, fieldCount).join(' ')}\n`;
}

/**
 * One CloudFront standard-log line: the first `fieldCount` fields, tab-separated, percent-encoded,
 * commas kept, empty values `-`.
 */
export function formatCloudFrontLine(record: LogRecord, options: CloudFrontLineOptions): string {
  const encoders = CLOUDFRONT_ENCODERS[options.doubleEncodeSpaces ? 1 : 0] as ColumnEncoder[];
  const values = columnValues(record);
  values.length = options.fieldCount;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? null;
    if (value === null) values[i] = '-';
    else if (typeof value === 'number') values[i] = formatNumber(KINDS[i] as Kind, value);
    else values[i] = (encoders[i] as ColumnEncoder).encode(value);
  }
  if (options.trailingTab) values.push('');
  return values.join('\t');
}

function mapRecord(record: LogRecord, map: (value: Value, index: number) => Value): LogRecord {
  const values = record as unknown as Record<string, Value>;
  const out: Record<string, Value> = {};
  NAMES.forEach((name, i) => {
    out[name] = map(values[name] ?? null, i);
  });
  return out as unknown as LogRecord;
}

function roundFloat(value: Value, i: number): Value {
  return typeof value === 'number' && KINDS[i] === 'float' ? Number(fixed3(value)) : value;
}

/**
 * What a reader must hold after reading the Amplify line of `record` (backslashes stripped,
 * percent-decoded once, `-`/`-0` as null):
 * - text values without their commas: Amplify drops them and they cannot come back;
 * - floats rounded to the 3 decimals written;
 * - everything else unchanged.
 */
export function expectedAfterAmplify(record: LogRecord): LogRecord {
  return mapRecord(record, (value, i) =>
    typeof value === 'string' ? value.replaceAll(',', '') : roundFloat(value, i),
  );
}

/**
 * What a reader must hold after reading the CloudFront line of `record` written with `options`
 * (percent-decoded once, `-` as null):
 * - columns past `fieldCount` are null (older eras do not have them);
 * - with `doubleEncodeSpaces`, spaces come back as the literal `%20`: the line says `%2520`, and
 *   decoding once is the honest value;
 * - floats rounded to the 3 decimals written; commas and everything else unchanged.
 */
export function expectedAfterCloudFront(
  record: LogRecord,
  options: Pick<CloudFrontLineOptions, 'fieldCount' | 'doubleEncodeSpaces'>,
): LogRecord {
  return mapRecord(record, (value, i) => {
    if (i >= options.fieldCount) return null;
    if (typeof value === 'string' && options.doubleEncodeSpaces) return value.replaceAll(' ', '%20');
    return roundFloat(value, i);
  });
}
