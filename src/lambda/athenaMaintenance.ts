import type { AthenaClient } from '@aws-sdk/client-athena';
import { AthenaEngine } from '../athena/AthenaEngine.js';
import { type RunQueryOptions, runQuery } from '../athena/runQuery.js';
import { viewStatements } from '../lake/athenaViews.js';
import { refreshBotAgents } from '../lake/botAgents.js';
import { compactDay } from '../lake/compact.js';
import { repairRaw } from '../lake/repair.js';
import type { Day } from '../store/keys.js';
import type { Store } from '../store/Store.js';
import type { MaintainConfig } from './lambdaConfig.js';

/** What a step reports, for its log line (JSON-safe). */
export type StepReport = Record<string, unknown>;

/** The Athena work of the daily maintenance; each call follows its queries to their end or throws. */
export interface AthenaMaintenance {
  /** Creates or replaces the views over the tables (the recipe's `_today`, `_yesterday`, ...). */
  refreshViews(): Promise<StepReport>;
  /** Lists the store's bot user agents again, for the visits views (src/lake/botAgents.ts). */
  refreshBotAgents(): Promise<StepReport>;
  /** Registers the raw table's day partitions, one per `raw/year=/month=/day=/` folder. */
  repairRaw(): Promise<StepReport>;
  /** Merges the raw windows of `day` into its curated file, each request once. */
  compactDay(day: Day): Promise<StepReport>;
}

export interface AthenaMaintenanceDeps {
  readonly config: MaintainConfig;
  readonly client: AthenaClient;
  /** The store the config's S3 location holds: its listing, its write lock, the day files. */
  readonly store: Store;
  /** Polling and retries of each query (tests make them instant). Default: runQuery's. */
  readonly run?: RunQueryOptions;
  readonly log?: (line: string) => void;
}

/**
 * The maintenance through the library's Athena functions (src/athena): `viewStatements`,
 * `refreshBotAgents`,
 * `repairRaw` (ALTER TABLE ... ADD IF NOT EXISTS PARTITION for every raw day folder) and
 * `compactDay`, all in the configured workgroup. Failures are the library's errors
 * (`AthenaQueryError` with Athena's state-change reason when a query ends FAILED or CANCELLED).
 */
export function athenaMaintenance(deps: AthenaMaintenanceDeps): AthenaMaintenance {
  const athena = deps.config.athena;
  const { client, store } = deps;
  const options = { config: athena, store, client, ...(deps.run ? { run: deps.run } : {}) };
  return {
    async refreshViews() {
      const statements = viewStatements(athena);
      for (const statement of statements) {
        await runQuery(
          client,
          {
            sql: statement.sql,
            database: athena.database,
            workGroup: athena.workGroup,
            outputLocation: athena.outputLocation,
          },
          { ...deps.run, fetchRows: false },
        );
      }
      return { views: statements.map((s) => s.what) };
    },
    async refreshBotAgents() {
      const engine = new AthenaEngine({ config: athena, client, ...(deps.run ? { run: deps.run } : {}) });
      const { agents } = await refreshBotAgents(engine, store);
      return { agents, scannedBytes: engine.spent.scannedBytes };
    },
    async repairRaw() {
      const result = await repairRaw({ ...options, ...(deps.log ? { log: deps.log } : {}) });
      return {
        days: result.days.length,
        first: result.days[0] ?? null,
        last: result.days.at(-1) ?? null,
        statements: result.statements,
      };
    },
    async compactDay(day) {
      const result = await compactDay(day, { ...options, ...(deps.log ? { log: deps.log } : {}) });
      return {
        held: result.held,
        rawRows: result.rawRows,
        rows: result.rows,
        added: result.added,
        replaced: result.replaced,
        rejected: result.rejected,
        scannedBytes: result.cost.scannedBytes,
      };
    },
  };
}
