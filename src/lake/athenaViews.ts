import { ATHENA_DIALECT } from '../athena/AthenaDialect.js';
import { type AthenaConfig, athenaNames } from '../athena/athenaConfig.js';
import { datePartsSql, dayEqualsSql, daysFromSql } from '../engine/partitionFilter.js';
import { visitsOfRequestsSql } from '../engine/visits.js';
import { CURATED_COLUMNS, PARTITION_COLUMNS } from '../format/schema.js';
import { ident } from '../sql/sql.js';
import { trinoTable } from './athenaSql.js';
import type { AthenaStatement } from './ddl.js';
import { decodedRawSql } from './decodedRawSql.js';

/** Today in Athena: `current_date` is the UTC day, as the session time zone of Athena is UTC. */
const TODAY = 'current_date';

/**
 * The Athena SQL filters of the recipe's periods (src/engine/periods.ts), all in UTC:
 * `today`, `yesterday`, `week` (today and the 7 days before) and `month` (from the same day of
 * the previous month, clamped by `date_add`, through today).
 */
export const ATHENA_PERIOD_FILTERS = {
  today: dayEqualsSql(datePartsSql(TODAY)),
  yesterday: dayEqualsSql(datePartsSql(`date_add('day', -1, ${TODAY})`)),
  week: daysFromSql(datePartsSql(`date_add('week', -1, ${TODAY})`)),
  month: daysFromSql(datePartsSql(`date_add('month', -1, ${TODAY})`)),
} as const;

/**
 * The views, with the meaning of the DuckDB ones (src/engine/views.ts): the base view over the
 * curated table (same columns, same order: the schema's, then year, month, day) and one view per
 * period, plus `<table>_raw_decoded` over the raw table, and the visits views (`<table>_visits`,
 * `_visits_today`, ...: the DuckDB engine's `visits`, `visits_today`, ...), each over its request
 * view, leaving out the user agents of the `<table>_bot_agents` table.
 */
export function viewStatements(config: AthenaConfig): AthenaStatement[] {
  const names = athenaNames(config);
  const columns = [...CURATED_COLUMNS, ...PARTITION_COLUMNS].map((c) => ident(c.name)).join(', ');
  const base = trinoTable(names.database, names.base);
  const view = (name: string, select: string): AthenaStatement => ({
    what: `view ${names.database}.${name}`,
    sql: `CREATE OR REPLACE VIEW ${trinoTable(names.database, name)} AS\n${select}`,
  });
  return [
    view(names.base, `SELECT ${columns}\nFROM ${trinoTable(names.database, names.curated)}`),
    view(names.today, `SELECT * FROM ${base}\nWHERE ${ATHENA_PERIOD_FILTERS.today}`),
    view(names.yesterday, `SELECT * FROM ${base}\nWHERE ${ATHENA_PERIOD_FILTERS.yesterday}`),
    view(names.week, `SELECT * FROM ${base}\nWHERE ${ATHENA_PERIOD_FILTERS.week}`),
    view(names.month, `SELECT * FROM ${base}\nWHERE ${ATHENA_PERIOD_FILTERS.month}`),
    view(names.rawDecoded, decodedRawSql(trinoTable(names.database, names.raw))),
    ...(
      [
        [names.visits, names.base],
        [names.visitsToday, names.today],
        [names.visitsYesterday, names.yesterday],
        [names.visitsWeek, names.week],
        [names.visitsMonth, names.month],
      ] as const
    ).map(([visits, requests]) =>
      view(
        visits,
        visitsOfRequestsSql(
          ATHENA_DIALECT,
          trinoTable(names.database, requests),
          trinoTable(names.database, names.botAgents),
        ),
      ),
    ),
  ];
}
