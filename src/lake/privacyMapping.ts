import { createHash, randomBytes } from 'node:crypto';
import { ATHENA_DIALECT } from '../athena/AthenaDialect.js';
import type { AthenaQueryOutcome } from '../athena/runQuery.js';
import { anonymizeIp, anonymizeIpList } from '../format/address/anonymizeAddress.js';
import { visitorKey } from '../format/visitorKey.js';
import type { StorePrivacy } from '../ingest/storePrivacy.js';
import { literal } from '../sql/sql.js';
import type { Store } from '../store/Store.js';
import { hiveLiteral, hiveTable } from './athenaSql.js';

/** The columns a mapping row gives a raw row, in file order after its key. */
const MAPPED = ['request_ip', 'xforwarded_for', 'visitor_key', 'country'] as const;

/** A mapping table Athena joins raw rows to, and the key that joins them. */
export interface PrivacyMapping {
  /** The table, qualified for Trino. */
  readonly table: string;
  /** Trino SQL of a raw row's key (columns `request_ip`, `user_agent`, `xforwarded_for` of `alias`). */
  keySql(alias: string): string;
  /** The mapped columns, for the merge to take in place of the raw row's. */
  readonly columns: readonly string[];
}

/**
 * How Athena compaction anonymises the raw rows of a day the way the local import does, without
 * Athena running our code and without the day's salt ever reaching a query's text: the distinct
 * (client IP, user agent, forwarded-for) of the day's raw rows are read back, each is anonymised,
 * keyed and looked up here with the same functions as the import (src/ingest/privateRows.ts), and
 * the results written as a text table under the compaction's scratch folder, keyed by the MD5 of
 * the three values and a salt made for this run alone. The merge joins the raw rows to it. The
 * scratch folder and the table are removed with the run's other scratch files.
 */
export async function writePrivacyMapping(input: {
  readonly store: Store;
  readonly privacy: StorePrivacy & { readonly salt: string };
  readonly distinctSql: string;
  readonly run: (sql: string) => Promise<AthenaQueryOutcome>;
  readonly scratchKey: string;
  readonly scratchUrl: string;
  readonly database: string;
  readonly tableName: string;
  readonly trinoTableName: string;
}): Promise<PrivacyMapping> {
  const { privacy } = input;
  const joinSalt = randomBytes(16).toString('hex');
  const keyOf = (ip: string | null, ua: string | null, xff: string | null) =>
    createHash('md5')
      .update(`${joinSalt}\n${ip ?? '\u0001'}\n${ua ?? '\u0001'}\n${xff ?? '\u0001'}`, 'utf8')
      .digest('hex');
  const distinct = await input.run(input.distinctSql);
  const lines = distinct.rows.map(([ip = null, ua = null, xff = null]) => {
    const values = [
      ip === null ? null : (anonymizeIp(ip, privacy.bits) ?? null),
      xff === null ? null : anonymizeIpList(xff, privacy.bits),
      visitorKey(privacy.salt, ip, ua),
      ip === null ? '' : (privacy.countries.country(ip.trim()) ?? ''),
    ];
    return [keyOf(ip, ua, xff), ...values.map((v) => v ?? '\\N')].join('\u0001');
  });
  await input.store.putBytes(`${input.scratchKey}map.txt`, `${lines.join('\n')}\n`);
  await input.run(`CREATE EXTERNAL TABLE ${hiveTable(input.database, input.tableName)} (
  k string, ${MAPPED.map((c) => `${c} string`).join(', ')}
)
STORED AS TEXTFILE
LOCATION ${hiveLiteral(input.scratchUrl)}`);
  return {
    table: input.trinoTableName,
    columns: MAPPED,
    keySql: (alias) =>
      ATHENA_DIALECT.md5Hex(
        `${literal(joinSalt)} || chr(10) || ${['request_ip', 'user_agent', 'xforwarded_for']
          .map((c) => `coalesce(${alias}.${c}, chr(1))`)
          .join(' || chr(10) || ')}`,
      ),
  };
}
