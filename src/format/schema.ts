/**
 * The one table that defines the access-log schema. Everything else (the record type, the header
 * mapping, DuckDB's read and store types, Athena's DDL) is generated from it; there is no second
 * list of columns anywhere.
 *
 * Names, order and Athena types are those of the original recipe's Athena table, so queries written
 * for it keep working. `field` is the CloudFront/Amplify log field the column is read from.
 */

/** SQL types used by the schema, in DuckDB spelling. */
export type SqlType = 'DATE' | 'VARCHAR' | 'BIGINT' | 'INTEGER' | 'FLOAT' | 'TIMESTAMP';

export interface ColumnDef {
  /** Column name in the table (the recipe's name). */
  readonly name: string;
  /** Log field name as written in a `#Fields:` line or the Amplify CSV header (without backslashes). */
  readonly field: string;
  /** Type stored in the curated table. */
  readonly type: SqlType;
  /** Type the CSV reader parses with, when stricter than the stored type (validates `time`). */
  readonly readAs?: 'TIME';
  /** Type in the Athena table. */
  readonly athena: 'date' | 'string' | 'bigint' | 'int' | 'float';
  /** A line without a value here cannot be kept (it is quarantined with a reason). */
  readonly required?: true;
  /**
   * Free text that the viewer or the origin controls (paths, headers, content types). CloudFront
   * percent-encodes such values and Amplify adds backslash escapes; they are decoded once when
   * curated. The other text columns hold fixed vocabularies (POP codes, methods, result types,
   * protocols, IP addresses) that are never encoded and are stored as they come.
   */
  readonly decode?: true;
}

export const LOG_COLUMNS = [
  { name: 'date', field: 'date', type: 'DATE', athena: 'date', required: true },
  { name: 'time', field: 'time', type: 'VARCHAR', readAs: 'TIME', athena: 'string', required: true },
  { name: 'location', field: 'x-edge-location', type: 'VARCHAR', athena: 'string' },
  { name: 'bytes', field: 'sc-bytes', type: 'BIGINT', athena: 'bigint' },
  { name: 'request_ip', field: 'c-ip', type: 'VARCHAR', athena: 'string' },
  { name: 'method', field: 'cs-method', type: 'VARCHAR', athena: 'string' },
  { name: 'host', field: 'cs(Host)', type: 'VARCHAR', athena: 'string' },
  { name: 'uri', field: 'cs-uri-stem', type: 'VARCHAR', athena: 'string', decode: true },
  { name: 'status', field: 'sc-status', type: 'INTEGER', athena: 'int' },
  { name: 'referrer', field: 'cs(Referer)', type: 'VARCHAR', athena: 'string', decode: true },
  { name: 'user_agent', field: 'cs(User-Agent)', type: 'VARCHAR', athena: 'string', decode: true },
  { name: 'query_string', field: 'cs-uri-query', type: 'VARCHAR', athena: 'string', decode: true },
  { name: 'cookie', field: 'cs(Cookie)', type: 'VARCHAR', athena: 'string', decode: true },
  { name: 'result_type', field: 'x-edge-result-type', type: 'VARCHAR', athena: 'string' },
  {
    name: 'request_id',
    field: 'x-edge-request-id',
    type: 'VARCHAR',
    athena: 'string',
    decode: true,
    required: true,
  },
  { name: 'host_header', field: 'x-host-header', type: 'VARCHAR', athena: 'string', decode: true },
  { name: 'request_protocol', field: 'cs-protocol', type: 'VARCHAR', athena: 'string' },
  { name: 'request_bytes', field: 'cs-bytes', type: 'BIGINT', athena: 'bigint' },
  { name: 'time_taken', field: 'time-taken', type: 'FLOAT', athena: 'float' },
  { name: 'xforwarded_for', field: 'x-forwarded-for', type: 'VARCHAR', athena: 'string', decode: true },
  { name: 'ssl_protocol', field: 'ssl-protocol', type: 'VARCHAR', athena: 'string' },
  { name: 'ssl_cipher', field: 'ssl-cipher', type: 'VARCHAR', athena: 'string' },
  { name: 'response_result_type', field: 'x-edge-response-result-type', type: 'VARCHAR', athena: 'string' },
  { name: 'http_version', field: 'cs-protocol-version', type: 'VARCHAR', athena: 'string' },
  { name: 'fle_status', field: 'fle-status', type: 'VARCHAR', athena: 'string' },
  { name: 'fle_encrypted_fields', field: 'fle-encrypted-fields', type: 'INTEGER', athena: 'int' },
  { name: 'c_port', field: 'c-port', type: 'INTEGER', athena: 'int' },
  { name: 'time_to_first_byte', field: 'time-to-first-byte', type: 'FLOAT', athena: 'float' },
  {
    name: 'x_edge_detailed_result_type',
    field: 'x-edge-detailed-result-type',
    type: 'VARCHAR',
    athena: 'string',
  },
  { name: 'sc_content_type', field: 'sc-content-type', type: 'VARCHAR', athena: 'string', decode: true },
  { name: 'sc_content_len', field: 'sc-content-len', type: 'BIGINT', athena: 'bigint' },
  { name: 'sc_range_start', field: 'sc-range-start', type: 'BIGINT', athena: 'bigint' },
  { name: 'sc_range_end', field: 'sc-range-end', type: 'BIGINT', athena: 'bigint' },
] as const satisfies readonly ColumnDef[];

/** Columns derived while curating, stored after the log columns. */
export const DERIVED_COLUMNS = [
  /** UTC instant of the request: `date` + `time`. */
  { name: 'timestamp', type: 'TIMESTAMP', athena: 'timestamp' },
  /**
   * The visitor key (src/format/visitorKey.ts) of a row curated while the store anonymises
   * addresses; NULL when the address is kept in clear (the key is then made from it).
   */
  { name: 'visitor_key', type: 'VARCHAR', athena: 'string' },
  /**
   * The client's country (ISO 3166-1 alpha-2, `''` when unknown), looked up before the address
   * was truncated; NULL when the address is kept in clear (the report looks it up then).
   */
  { name: 'country', type: 'VARCHAR', athena: 'string' },
] as const;

/** Hive partition keys of the curated and raw tables; values come from the object key, not the file. */
export const PARTITION_COLUMNS = [
  { name: 'year', type: 'INTEGER', athena: 'int' },
  { name: 'month', type: 'INTEGER', athena: 'int' },
  { name: 'day', type: 'INTEGER', athena: 'int' },
] as const;

export type LogColumnName = (typeof LOG_COLUMNS)[number]['name'];

type JsTypeOf<T extends SqlType> = T extends 'BIGINT' | 'INTEGER' | 'FLOAT' ? number : string;

/** One request as stored in the curated table (JSON-safe: dates as `YYYY-MM-DD`, numbers as numbers). */
export type LogRecord = {
  [C in (typeof LOG_COLUMNS)[number] as C['name']]: JsTypeOf<C['type']> | null;
};

/** The fields a line cannot be kept without (the columns marked `required`), in schema order. */
export const REQUIRED_FIELDS: readonly string[] = LOG_COLUMNS.flatMap((c) =>
  'required' in c && c.required ? [c.field] : [],
);

/** The CloudFront standard-log field list of the current (33-field) era, in order. */
export const CLOUDFRONT_FIELDS: readonly string[] = LOG_COLUMNS.map((c) => c.field);

/**
 * Field counts of the CloudFront log eras (the list only ever grew at its end): 19 fields before
 * 2017, 24 from 2017, 26 from 2018, 33 from December 2019. A headerless file is read by position
 * when its lines have one of these counts.
 */
export const CLOUDFRONT_ERAS: readonly number[] = [19, 24, 26, 33];

const byField = new Map<string, ColumnDef>(LOG_COLUMNS.map((c) => [c.field, c]));

/** The schema column a log field feeds, or undefined for a field the schema does not keep. */
export function columnForField(field: string): ColumnDef | undefined {
  return byField.get(field);
}

/** Every stored column of the curated table, in file order. */
export const CURATED_COLUMNS: readonly { name: string; type: SqlType }[] = [
  ...LOG_COLUMNS.map(({ name, type }) => ({ name, type })),
  ...DERIVED_COLUMNS.map(({ name, type }) => ({ name, type })),
];
