import { randomUUID } from 'node:crypto';
import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetWorkGroupCommand,
  type QueryExecution,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import {
  AthenaQueryError,
  AthenaScanLimitError,
  describeAthenaError,
  type FailedExecution,
  isScanCutoff,
} from './athenaErrors.js';
import { type QueryCost, queryCost } from './cost.js';

/** One statement to run, and where. */
export interface AthenaQueryRequest {
  readonly sql: string;
  /** `QueryExecutionContext.Database`: what unqualified names resolve in. */
  readonly database?: string | undefined;
  readonly workGroup?: string | undefined;
  /** `ResultConfiguration.OutputLocation`; without it, the workgroup's result location. */
  readonly outputLocation?: string | undefined;
  /** `ExecutionParameters`: SQL literal texts for the `?` placeholders, in order (see bindParameters). */
  readonly parameters?: readonly string[] | undefined;
}

export interface RunQueryOptions {
  /** How to wait; default a timer. Tests pass one that returns at once. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** For the jitter of throttling retries; default Math.random. */
  readonly random?: () => number;
  /** Polls of GetQueryExecution wait `first` ms, then `factor` times longer, up to `max`. */
  readonly poll?: { readonly firstMs: number; readonly factor: number; readonly maxMs: number };
  /** Retries of a throttled call (TooManyRequestsException, ThrottlingException); default 8. */
  readonly throttleRetries?: number;
  /** `MaxResults` of each GetQueryResults page (Athena allows 1 to 1000); default 1000. */
  readonly pageSize?: number;
  /** Read the rows; default true. */
  readonly fetchRows?: boolean;
  /** Stops the query (StopQueryExecution) and rejects when aborted. */
  readonly signal?: AbortSignal;
  /** Each state seen while polling, for progress output. */
  readonly onState?: (state: string, queryExecutionId: string) => void;
}

/** A query that succeeded: its rows as Athena's text, and what it scanned. */
export interface AthenaQueryOutcome {
  readonly queryExecutionId: string;
  /** DDL, DML or UTILITY. */
  readonly statementType: string | undefined;
  /** Column names and Athena types (`varchar`, `bigint`, ...). */
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** Cells as Athena's text, NULL as null; DML's header row dropped. */
  readonly rows: readonly (readonly (string | null)[])[];
  readonly cost: QueryCost;
}

const DEFAULT_POLL = { firstMs: 200, factor: 1.5, maxMs: 5_000 };
const THROTTLED = new Set(['TooManyRequestsException', 'ThrottlingException', 'ThrottledException']);

/**
 * Runs one statement on Athena and follows it to its end: StartQueryExecution (retried with the
 * same ClientRequestToken when throttled, so it never starts twice), then GetQueryExecution polled
 * with backoff until SUCCEEDED, FAILED or CANCELLED, then every page of GetQueryResults. A query
 * that FAILED or was CANCELLED rejects with an AthenaQueryError carrying Athena's state-change
 * reason and error category (AthenaScanLimitError when the workgroup's scan cutoff stopped it);
 * a refused call rejects with an AthenaRequestError.
 */
export async function runQuery(
  client: AthenaClient,
  request: AthenaQueryRequest,
  options: RunQueryOptions = {},
): Promise<AthenaQueryOutcome> {
  const call = caller(options);
  const token = randomUUID();
  const { QueryExecutionId: id } = await call('StartQueryExecution', () =>
    client.send(
      new StartQueryExecutionCommand({
        QueryString: request.sql,
        ClientRequestToken: token,
        ...(request.database ? { QueryExecutionContext: { Database: request.database } } : {}),
        ...(request.workGroup ? { WorkGroup: request.workGroup } : {}),
        ...(request.outputLocation
          ? { ResultConfiguration: { OutputLocation: request.outputLocation } }
          : {}),
        ...(request.parameters?.length ? { ExecutionParameters: [...request.parameters] } : {}),
      }),
    ),
  );
  if (!id) throw describeAthenaError('StartQueryExecution', new Error('Athena returned no query id'));
  const execution = await waitForEnd(client, id, call, options);
  const statementType = execution.StatementType;
  const cost = queryCost(execution.Statistics?.DataScannedInBytes ?? 0, statementType);
  if (options.fetchRows === false)
    return { queryExecutionId: id, statementType, columns: [], rows: [], cost };
  const { columns, rows } = await readResults(client, id, statementType === 'DML', call, options.pageSize);
  return { queryExecutionId: id, statementType, columns, rows, cost };
}

type Call = <T>(operation: string, send: () => Promise<T>) => Promise<T>;

/** Sends a call, retrying throttling with exponential backoff and full jitter; maps other errors. */
function caller(options: RunQueryOptions): Call {
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const retries = options.throttleRetries ?? 8;
  return async (operation, send) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        const name = (error as { name?: string }).name ?? '';
        if (!THROTTLED.has(name) || attempt >= retries) throw describeAthenaError(operation, error);
        await sleep(random() * Math.min(20_000, 500 * 2 ** attempt));
      }
    }
  };
}

async function waitForEnd(
  client: AthenaClient,
  id: string,
  call: Call,
  options: RunQueryOptions,
): Promise<QueryExecution> {
  const poll = options.poll ?? DEFAULT_POLL;
  const sleep = options.sleep ?? defaultSleep;
  let delay = poll.firstMs;
  for (;;) {
    if (options.signal?.aborted) await stop(client, id, call);
    const { QueryExecution: execution } = await call('GetQueryExecution', () =>
      client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })),
    );
    const state = execution?.Status?.State ?? 'UNKNOWN';
    options.onState?.(state, id);
    if (state === 'SUCCEEDED' && execution) return execution;
    if (state === 'FAILED' || state === 'CANCELLED') {
      throw await failure(client, execution ?? {}, id, state, call);
    }
    await sleep(delay);
    delay = Math.min(poll.maxMs, delay * poll.factor);
  }
}

async function stop(client: AthenaClient, id: string, call: Call): Promise<never> {
  await call('StopQueryExecution', () =>
    client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })),
  );
  throw new AthenaQueryError(
    { queryExecutionId: id, state: 'CANCELLED', reason: 'stopped on request', scannedBytes: 0 },
    `Athena query ${id} was stopped on request`,
  );
}

async function failure(
  client: AthenaClient,
  execution: QueryExecution,
  id: string,
  state: 'FAILED' | 'CANCELLED',
  call: Call,
): Promise<AthenaQueryError> {
  const status = execution.Status;
  const failed: FailedExecution = {
    queryExecutionId: id,
    state,
    reason: status?.StateChangeReason ?? status?.AthenaError?.ErrorMessage,
    category: status?.AthenaError?.ErrorCategory,
    errorType: status?.AthenaError?.ErrorType,
    retryable: status?.AthenaError?.Retryable,
    scannedBytes: execution.Statistics?.DataScannedInBytes ?? 0,
  };
  if (state !== 'CANCELLED' || !isScanCutoff(failed.reason)) return new AthenaQueryError(failed);
  const workGroup = execution.WorkGroup ?? 'primary';
  const limit = await call('GetWorkGroup', () =>
    client.send(new GetWorkGroupCommand({ WorkGroup: workGroup })),
  )
    .then((out) => out.WorkGroup?.Configuration?.BytesScannedCutoffPerQuery)
    .catch(() => undefined);
  return new AthenaScanLimitError(failed, workGroup, limit);
}

async function readResults(
  client: AthenaClient,
  id: string,
  hasHeader: boolean,
  call: Call,
  pageSize = 1000,
): Promise<Pick<AthenaQueryOutcome, 'columns' | 'rows'>> {
  let columns: AthenaQueryOutcome['columns'] = [];
  const rows: (string | null)[][] = [];
  let token: string | undefined;
  let first = true;
  do {
    const page = await call('GetQueryResults', () =>
      client.send(
        new GetQueryResultsCommand({
          QueryExecutionId: id,
          MaxResults: pageSize,
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    if (first) {
      columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => ({
        name: c.Name ?? c.Label ?? '',
        type: c.Type ?? 'varchar',
      }));
    }
    const data = (page.ResultSet?.Rows ?? []).map((row) =>
      (row.Data ?? []).map((d) => d.VarCharValue ?? null),
    );
    rows.push(...(first && hasHeader ? data.slice(1) : data));
    first = false;
    token = page.NextToken;
  } while (token);
  return { columns, rows };
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
