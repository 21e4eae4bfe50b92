import { InputError } from '../util/errors.js';
import { CLOUDFRONT_ERAS, CLOUDFRONT_FIELDS, columnForField, REQUIRED_FIELDS } from './schema.js';

/** The two wrappings of the same CloudFront fields: Amplify's CSV export and CloudFront's own TSV. */
export type LogKind = 'amplify-csv' | 'cloudfront-tsv';

/** How the lines of one file (or one section of a stitched file) are laid out. */
export interface LogLayout {
  readonly kind: LogKind;
  readonly delimiter: ',' | '\t';
  /** Physical lines before the first data line (header, `#Version`, `#Fields`, leading blanks). */
  readonly headerLines: number;
  /** Field names in file order, normalized (backslashes removed), e.g. `cs(User-Agent)`. */
  readonly fields: readonly string[];
  /** True when the fields were inferred from a data line's field count (no header in the file). */
  readonly headerless: boolean;
}

/** Values that mean "empty" in a log field: `-`, and `-0` in one 2022 Amplify export. */
export const NULL_MARKERS: readonly string[] = ['-', '-0'];

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}$/;

/** A header field name with Amplify's backslash escapes (`cs\(Host)`, `cs\(Host\)`) removed. */
export function normalizeFieldName(name: string): string {
  return name.replaceAll('\\', '').trim();
}

/** The field names of a header line, or undefined when the line is not a header. */
export function headerFields(line: string): string[] | undefined {
  const text = line.trim();
  if (text.startsWith('#Fields:')) return text.slice('#Fields:'.length).trim().split(/\s+/);
  const delimiter = text.includes('\t') ? '\t' : ',';
  const fields = text.split(delimiter).map(normalizeFieldName);
  if (fields[0] !== 'date' || fields[1] !== 'time') return undefined;
  return fields.every((f) => columnForField(f) !== undefined || /^[a-z][a-z0-9()-]*$/i.test(f))
    ? fields
    : undefined;
}

/** True for CloudFront's `#Version:`/`#Fields:` lines and any other `#` comment line. */
export function isDirectiveLine(line: string): boolean {
  return line.startsWith('#');
}

/**
 * Works out the layout of a log file from its first lines (decompressed text, at least the header
 * and one data line when there are any). Returns undefined for a file with no content at all.
 * Reads the header rather than trusting positions, so every CloudFront era and both Amplify header
 * spellings work; a headerless file is read by position when its field count is one of an era's.
 * Throws InputError, naming `source`, when the text is not an access log.
 */
export function detectLayout(lines: readonly string[], source: string): LogLayout | undefined {
  let index = 0;
  while (index < lines.length && lines[index]?.trim() === '') index++;
  const first = lines[index];
  if (first === undefined) return undefined;

  if (isDirectiveLine(first)) return cloudFrontLayout(lines, index, source);

  const fields = headerFields(first);
  if (fields) {
    const kind: LogKind = first.includes('\t') ? 'cloudfront-tsv' : 'amplify-csv';
    return validated(
      {
        kind,
        delimiter: kind === 'amplify-csv' ? ',' : '\t',
        headerLines: index + 1,
        fields,
        headerless: false,
      },
      source,
    );
  }

  const positional = positionalLayout(first, index);
  if (positional) return positional;
  throw new InputError(
    `${source} is not an Amplify or CloudFront access log: its first line is neither a header ` +
      `('date,time,x-edge-location,...' or '#Fields: date time ...') nor a log line (${preview(first)})`,
    'Pass the CSV files from Amplify\'s "Download access logs" or CloudFront standard log files (.gz or plain).',
  );
}

function cloudFrontLayout(lines: readonly string[], start: number, source: string): LogLayout {
  let index = start;
  let fields: string[] | undefined;
  while (index < lines.length && isDirectiveLine(lines[index] ?? '')) {
    const line = (lines[index] ?? '').replaceAll('\t', ' ');
    if (line.startsWith('#Fields:')) fields = headerFields(line);
    index++;
  }
  if (fields) {
    return validated(
      { kind: 'cloudfront-tsv', delimiter: '\t', headerLines: index, fields, headerless: false },
      source,
    );
  }
  const data = lines[index];
  const positional = data === undefined ? undefined : positionalLayout(data, index);
  if (positional) return positional;
  if (data === undefined) {
    return {
      kind: 'cloudfront-tsv',
      delimiter: '\t',
      headerLines: index,
      fields: CLOUDFRONT_FIELDS,
      headerless: true,
    };
  }
  throw new InputError(
    `${source} has '#' header lines but no '#Fields:' line, and its first log line has an unknown field count`,
    'A CloudFront standard log starts with "#Version: 1.0" and "#Fields: date time ...".',
  );
}

/** Infers the fields of a headerless file from the field count of its first data line. */
function positionalLayout(line: string, headerLines: number): LogLayout | undefined {
  for (const delimiter of ['\t', ','] as const) {
    const parts = line.split(delimiter);
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    if (!DATE_LIKE.test(parts[0] ?? '')) continue;
    const eras = delimiter === '\t' ? CLOUDFRONT_ERAS : [CLOUDFRONT_FIELDS.length];
    if (!eras.includes(parts.length)) continue;
    return {
      kind: delimiter === '\t' ? 'cloudfront-tsv' : 'amplify-csv',
      delimiter,
      headerLines,
      fields: CLOUDFRONT_FIELDS.slice(0, parts.length),
      headerless: true,
    };
  }
  return undefined;
}

function validated(layout: LogLayout, source: string): LogLayout {
  const missing = REQUIRED_FIELDS.filter((f) => !layout.fields.includes(f));
  if (missing.length > 0) {
    const names = missing.length === 1 ? `the field ${missing[0]}` : `the fields ${missing.join(', ')}`;
    throw new InputError(`${source}: the header lacks ${names}, which every log line needs`);
  }
  const seen = new Set<string>();
  for (const field of layout.fields) {
    if (seen.has(field)) throw new InputError(`${source}: the header names the field ${field} twice`);
    seen.add(field);
  }
  return layout;
}

/** True when two layouts read lines the same way. */
export function sameLayout(a: LogLayout, b: LogLayout): boolean {
  return a.delimiter === b.delimiter && a.fields.join('\t') === b.fields.join('\t');
}

/** A short, printable excerpt of untrusted text for an error message. */
export function preview(text: string, max = 60): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(printable.length > max ? `${printable.slice(0, max)}...` : printable);
}
