import { type S3Location, s3Url } from '../athena/athenaConfig.js';
import { UsageError } from '../util/errors.js';

/**
 * Quoting for the two grammars Athena speaks. DDL (`CREATE EXTERNAL TABLE`, `MSCK`, `ALTER TABLE`,
 * `DROP TABLE`) is Hive's: identifiers in backticks, string literals in single quotes where a
 * backslash escapes. Queries and views are Trino's: identifiers in double quotes (`ident` of
 * sql/sql.ts), literals in single quotes with `''` for a quote and no backslash escapes
 * (`literal` of sql/sql.ts). Names reaching here are validated (athenaConfig.ts), so quoting is
 * belt and braces.
 */

/** A Hive DDL identifier: `` `name` ``. */
export function hiveIdent(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** `` `db`.`name` `` for Hive DDL. */
export function hiveTable(database: string, name: string): string {
  return `${hiveIdent(database)}.${hiveIdent(name)}`;
}

/** `"db"."name"` for queries and views. */
export function trinoTable(database: string, name: string): string {
  return `"${database.replaceAll('"', '""')}"."${name.replaceAll('"', '""')}"`;
}

/**
 * A Hive DDL string literal. Backslashes and quotes are refused rather than escaped: the only
 * values are S3 locations and table properties this tool writes, which never hold them.
 */
export function hiveLiteral(value: string): string {
  if (/['\\\0]/.test(value)) throw new UsageError(`cannot put ${JSON.stringify(value)} into Athena DDL`);
  return `'${value}'`;
}

/** Keys of S3 objects this tool writes (store keys, the store's prefix) are of these characters. */
const SAFE_PATH = /^[A-Za-z0-9._=/-]*$/;

/** The `s3://` URL of a folder of the store, for a `LOCATION` clause (ends with `/`). */
export function storeFolderUrl(store: S3Location, folder: string): string {
  if (!SAFE_PATH.test(store.prefix) || !SAFE_PATH.test(folder)) {
    throw new UsageError(
      `the store prefix ${JSON.stringify(store.prefix)} cannot be used in an Athena table location`,
      'Use a prefix of letters, digits and . _ = - / only.',
    );
  }
  return s3Url(store, folder.endsWith('/') || folder === '' ? folder : `${folder}/`);
}
