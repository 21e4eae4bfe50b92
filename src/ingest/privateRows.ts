import { type DuckDBConnection, DuckDBScalarFunction, INTEGER, VARCHAR } from '@duckdb/node-api';
import { type AnonymizeBits, anonymizeIp, anonymizeIpList } from '../format/address/anonymizeAddress.js';
import type { CountryLookup } from '../format/address/CountryLookup.js';
import { CURATED_COLUMNS } from '../format/schema.js';
import { visitorKeySql } from '../format/visitorKey.js';
import { ident, literal } from '../sql/sql.js';

/** What anonymising rows needs: the level, the day's salt, and where countries come from. */
export interface RowPrivacy {
  readonly bits: Exclude<AnonymizeBits, 0>;
  readonly salt: string;
  readonly countries: CountryLookup;
}

const registered = new WeakMap<DuckDBConnection, CountryLookup>();

/**
 * Registers on `connection` the scalar functions the privacy SQL calls:
 * `amplify_anonymize_ip(ip, bits)`, `amplify_anonymize_list(list, bits)` (src/format/address/
 * anonymizeAddress.ts) and `amplify_country(ip)`; each remembers the answers of the distinct
 * values it has seen, as a day repeats its addresses many times.
 */
export function registerPrivacyFunctions(connection: DuckDBConnection, countries: CountryLookup): void {
  if (registered.get(connection) === countries) return;
  registered.set(connection, countries);
  const cached = (fn: (value: string, bits: number) => string | null) => {
    const memo = new Map<string, string | null>();
    return (value: string, bits: number) => {
      const key = `${bits}|${value}`;
      let answer = memo.get(key);
      if (answer === undefined && !memo.has(key)) {
        if (memo.size > 200_000) memo.clear();
        answer = fn(value, bits);
        memo.set(key, answer);
      }
      return answer ?? null;
    };
  };
  const bitsOf = (bits: number) => bits as Exclude<AnonymizeBits, 0>;
  const functions: [string, (value: string, bits: number) => string | null][] = [
    ['amplify_anonymize_ip', cached((v, b) => anonymizeIp(v, bitsOf(b)) ?? null)],
    ['amplify_anonymize_list', cached((v, b) => anonymizeIpList(v, bitsOf(b)))],
    ['amplify_country', cached((v) => countries.country(v.trim()) ?? '')],
  ];
  for (const [name, fn] of functions) {
    connection.registerScalarFunction(
      DuckDBScalarFunction.create({
        name,
        returnType: VARCHAR,
        parameterTypes: [VARCHAR, INTEGER],
        mainFunction: (_info, input, output) => {
          const values = input.getColumnVector(0);
          const bits = input.getColumnVector(1);
          for (let row = 0; row < input.rowCount; row++) {
            const value = values.getItem(row) as string | null;
            output.setItem(row, value === null ? null : (fn(value, Number(bits.getItem(row))) as never));
          }
          output.flush();
        },
      }),
    );
  }
}

/**
 * The curated columns of the relation `rows` as a store that anonymises keeps them: `request_ip`
 * and every address of `xforwarded_for` truncated (a value that is not an address is dropped),
 * and, for each row not keyed yet (`visitor_key` NULL: it still holds its address in clear), the
 * salted visitor key and the country of the address, both taken before truncation. Rows already
 * keyed keep their key and country, so applying it twice changes nothing, and a higher level
 * truncates further. Needs `registerPrivacyFunctions` on the connection.
 */
export function privateRowsSql(rows: string, privacy: RowPrivacy): string {
  const bits = String(privacy.bits);
  const columns = CURATED_COLUMNS.map(({ name }) => {
    if (name === 'request_ip') return `amplify_anonymize_ip(request_ip, ${bits}) AS request_ip`;
    if (name === 'xforwarded_for') return `amplify_anonymize_list(xforwarded_for, ${bits}) AS xforwarded_for`;
    if (name === 'visitor_key')
      return `coalesce(visitor_key, ${visitorKeySql(literal(privacy.salt))}) AS visitor_key`;
    if (name === 'country') {
      return `CASE WHEN visitor_key IS NULL THEN coalesce(amplify_country(request_ip, 0), '') ELSE country END AS country`;
    }
    return ident(name);
  });
  return `SELECT ${columns.join(', ')} FROM ${rows}`;
}

/** SQL counting the rows of `rows` that `privateRowsSql` would change. */
export function rowsToAnonymizeSql(rows: string, bits: Exclude<AnonymizeBits, 0>): string {
  return `SELECT count(*) AS n FROM ${rows}
WHERE visitor_key IS NULL
   OR request_ip IS DISTINCT FROM amplify_anonymize_ip(request_ip, ${bits})
   OR xforwarded_for IS DISTINCT FROM amplify_anonymize_list(xforwarded_for, ${bits})`;
}
