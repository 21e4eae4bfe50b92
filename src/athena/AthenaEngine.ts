import type { AthenaClient } from '@aws-sdk/client-athena';
import { PERIOD_NAMES } from '../engine/periods.js';
import type { QueryEngine, QueryParams, QueryResult } from '../engine/QueryEngine.js';
import { BASE_VIEW, periodView } from '../engine/views.js';
import { athenaResult } from './athenaCells.js';
import { createAthenaClient } from './athenaClient.js';
import { type AthenaConfig, athenaNames } from './athenaConfig.js';
import { bindParameters } from './bindParameters.js';
import { addCosts, type QueryCost } from './cost.js';
import { type RunQueryOptions, runQuery } from './runQuery.js';

export interface AthenaEngineOptions {
  readonly config: AthenaConfig;
  /** Default: a client on the SDK's standard chain. */
  readonly client?: AthenaClient;
  /** Polling, retries and waiting (tests pin them). */
  readonly run?: RunQueryOptions;
}

/**
 * The scale-out engine: the same views as the DuckDB engine (created by `athena setup` in the
 * configured database) over the same S3 data, queried through Athena. Queries use the DuckDB view
 * names (`access_logs`, `access_logs_today`, ...), mapped to the configured ones when the table
 * name is not `access_logs`; `$name` parameters are bound as Athena execution parameters, never
 * pasted into the SQL. Every query is followed until it succeeds or fails (a QueryError with
 * Athena's reason). `spent` adds up what the queries scanned and cost.
 */
export class AthenaEngine implements QueryEngine {
  readonly name = 'athena';
  private readonly client: AthenaClient;
  private readonly rename: Map<string, string>;
  private readonly costs: QueryCost[] = [];

  constructor(private readonly options: AthenaEngineOptions) {
    this.client = options.client ?? createAthenaClient();
    const names = athenaNames(options.config);
    const configured = [names.base, names.today, names.yesterday, names.week, names.month];
    const duckdb = [BASE_VIEW, ...PERIOD_NAMES.map(periodView)];
    this.rename = new Map(
      names.base === BASE_VIEW ? [] : duckdb.map((name, i) => [name, configured[i] ?? name] as const),
    );
  }

  async query(sql: string, params?: QueryParams): Promise<QueryResult> {
    const bound = bindParameters(sql, params, this.rename);
    const { config } = this.options;
    const outcome = await runQuery(
      this.client,
      {
        sql: bound.sql,
        parameters: bound.parameters,
        database: config.database,
        workGroup: config.workGroup,
        outputLocation: config.outputLocation,
      },
      this.options.run,
    );
    this.costs.push(outcome.cost);
    return athenaResult(outcome.columns, outcome.rows);
  }

  /** What the queries so far scanned and cost, added up, and how many there were. */
  get spent(): QueryCost & { readonly queries: number } {
    return { ...addCosts(this.costs), queries: this.costs.length };
  }

  async close(): Promise<void> {
    if (!this.options.client) this.client.destroy();
  }
}
