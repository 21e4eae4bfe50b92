import { gzipSync } from 'node:zlib';
import { type AnonymizeBits, anonymizeText } from '../format/address/anonymizeAddress.js';
import {
  headerFields,
  isDirectiveLine,
  type LogLayout,
  normalizeFieldName,
  preview,
  sameLayout,
} from '../format/layout.js';
import { LOG_COLUMNS } from '../format/schema.js';
import type { Store } from '../store/Store.js';

/** A line that could not be kept, with why. Kept in `rejected/` beside its raw object. */
export interface RejectedLine {
  /** 1-based line number in the (decompressed) source file. */
  readonly line: number;
  readonly reason: string;
  /** The line as text; bytes that are not UTF-8 show as U+FFFD, and `base64` then holds the exact bytes. */
  readonly text: string;
  readonly base64?: string;
}

export function rejectedFromBytes(line: number, reason: string, bytes: Buffer): RejectedLine {
  return { line, reason, text: bytes.toString('utf8'), base64: bytes.toString('base64') };
}

/** One row of DuckDB's rejects table (the columns this module reads). */
export interface DuckDBReject {
  readonly line: number;
  readonly columnIndex: number;
  readonly columnName: string | null;
  readonly errorType: string;
  readonly csvLine: string;
  readonly message: string;
}

export interface ClassifiedRejects {
  readonly rejects: RejectedLine[];
  /** Header or `#` directive lines met again inside the file (stitched downloads). */
  readonly headerLines: number;
  /** A header inside the file names other fields than the layout: the file must be read in sections. */
  readonly layoutChanges: boolean;
}

const TYPE_WORDS: Record<string, string> = {
  DATE: 'a valid date (YYYY-MM-DD)',
  TIME: 'a valid time (HH:MM:SS)',
  BIGINT: 'a whole number',
  INTEGER: 'a whole number of at most 10 digits',
  FLOAT: 'a number',
};

/**
 * Sorts the lines DuckDB could not read into repeated headers (skipped, counted) and rejected
 * lines with a reason a person can act on. DuckDB may report one line several times (one entry a
 * missing column): the line's most telling error wins.
 */
export function classifyRejects(rows: readonly DuckDBReject[], layout: LogLayout): ClassifiedRejects {
  const byLine = new Map<number, DuckDBReject[]>();
  for (const row of rows) byLine.set(row.line, [...(byLine.get(row.line) ?? []), row]);
  const rejects: RejectedLine[] = [];
  let headerLines = 0;
  let layoutChanges = false;
  for (const [line, errors] of [...byLine.entries()].sort((a, b) => a[0] - b[0])) {
    const text = (errors[0]?.csvLine ?? '').replace(/^\n+/, '').replace(/\r$/, '');
    const header = headerOf(text, layout);
    if (header) {
      headerLines++;
      if (!sameLayout(header, layout)) layoutChanges = true;
      continue;
    }
    rejects.push({ line, reason: reasonFor(errors, text, layout), text });
  }
  return { rejects, headerLines, layoutChanges };
}

/** The layout a header or directive line announces, or undefined when the line is not one. */
export function headerOf(text: string, layout: LogLayout): LogLayout | undefined {
  if (layout.kind === 'cloudfront-tsv' && isDirectiveLine(text)) {
    const fields = text.startsWith('#Fields:') ? headerFields(text.replaceAll('\t', ' ')) : undefined;
    return { ...layout, fields: fields ?? layout.fields, delimiter: '\t' };
  }
  const fields = headerFields(text);
  if (!fields) return undefined;
  return { ...layout, fields, delimiter: text.includes('\t') ? '\t' : ',' };
}

function reasonFor(errors: readonly DuckDBReject[], text: string, layout: LogLayout): string {
  const shape = errors.find((e) => e.errorType === 'MISSING COLUMNS' || e.errorType === 'TOO MANY COLUMNS');
  const values = text.split(layout.delimiter);
  if (shape) {
    const words = shape.errorType === 'MISSING COLUMNS' ? 'too few' : 'too many';
    return `${words} fields: the line has ${values.length}, the header names ${layout.fields.length}`;
  }
  const error = [...errors].sort((a, b) => a.columnIndex - b.columnIndex)[0];
  if (!error) return 'unreadable line';
  if (error.errorType === 'CAST') {
    const index = error.columnIndex - 1;
    const field = layout.fields[index] ?? fieldOfColumn(error.columnName);
    const type = /to '(\w+)'/.exec(error.message)?.[1] ?? '';
    const expected = TYPE_WORDS[type] ?? `of type ${type}`;
    const value = values[index];
    return value === undefined || value === '-' || value === '-0'
      ? `${field} is empty, but every line needs one`
      : `${field} is ${preview(value, 40)}, not ${expected}`;
  }
  if (error.errorType === 'LINE SIZE OVER MAXIMUM') return 'the line is longer than 2,000,000 bytes';
  if (error.errorType === 'INVALID UNICODE') return 'not valid UTF-8 text';
  return error.message.split('\n')[0] ?? error.errorType;
}

function fieldOfColumn(name: string | null): string {
  const column = LOG_COLUMNS.find((c) => c.name === name);
  return column ? column.field : normalizeFieldName(name ?? 'a field');
}

/**
 * Writes the rejected lines of one raw object as gzip JSON lines (`{source, raw, line, reason,
 * text[, base64]}`), replacing any earlier record of the same object, so importing a file again
 * never counts its rejects twice. Writes nothing when there are no rejects. When the store
 * anonymises addresses (`anonymizeIp`), every address in a line's text is truncated and the exact
 * bytes (`base64`) are left out: they stay only in the raw object, for as long as raw files are kept.
 */
export async function writeRejected(
  store: Store,
  key: string,
  source: string,
  rawKey: string,
  rejects: readonly RejectedLine[],
  anonymizeIp: AnonymizeBits = 0,
): Promise<void> {
  if (rejects.length === 0) {
    await store.delete(key);
    return;
  }
  const lines = [...rejects]
    .sort((a, b) => a.line - b.line)
    .map((r) => (anonymizeIp === 0 ? r : anonymizedLine(r, anonymizeIp)))
    .map((r) => JSON.stringify({ source, raw: rawKey, ...r }))
    .join('\n');
  await store.putBytes(key, gzipSync(`${lines}\n`));
}

/** A rejected line with the addresses in its text truncated and without its exact bytes. */
export function anonymizedLine(line: RejectedLine, bits: Exclude<AnonymizeBits, 0>): RejectedLine {
  return { line: line.line, reason: line.reason, text: anonymizeText(line.text, bits) };
}
