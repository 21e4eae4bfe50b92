import { randomUUID } from 'node:crypto';
import type { AthenaEmulatorState, EmulatedWorkGroup } from './AthenaEmulatorState.js';
import { invalidRequest } from './awsJson.js';
import { Execution } from './Execution.js';
import { parseStatement, statementType } from './parseStatement.js';

type Body = Record<string, unknown>;
type Operation = (state: AthenaEmulatorState, body: Body) => unknown;

const MAX_QUERY = 262_144;

/** The Athena operations the emulator answers, by the name after `AmazonAthena.` in X-Amz-Target. */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  StartQueryExecution: startQueryExecution,
  GetQueryExecution: (state, body) => ({ QueryExecution: describe(state, execution(state, body)) }),
  GetQueryResults: getQueryResults,
  StopQueryExecution: (state, body) => {
    execution(state, body).cancel(state.now());
    return {};
  },
  GetWorkGroup: (state, body) => ({ WorkGroup: describeWorkGroup(workGroup(state, body.WorkGroup)) }),
};

function startQueryExecution(state: AthenaEmulatorState, body: Body): unknown {
  const sql = body.QueryString;
  if (typeof sql !== 'string' || sql.length === 0 || sql.length > MAX_QUERY) {
    throw invalidRequest(`QueryString must be 1 to ${MAX_QUERY} characters`);
  }
  const token = typeof body.ClientRequestToken === 'string' ? body.ClientRequestToken : randomUUID();
  const earlier = state.tokens.get(token);
  if (earlier) {
    if (state.executions.get(earlier)?.sql !== sql)
      throw invalidRequest('Idempotent parameters do not match');
    return { QueryExecutionId: earlier };
  }
  const group = workGroup(state, body.WorkGroup);
  const asked = (body.ResultConfiguration as Body | undefined)?.OutputLocation;
  const output =
    group.enforce && group.outputLocation ? group.outputLocation : (asked ?? group.outputLocation);
  if (typeof output !== 'string' || output === '') {
    throw invalidRequest(
      'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.',
    );
  }
  const parameters = (body.ExecutionParameters ?? []) as unknown[];
  if (
    !Array.isArray(parameters) ||
    parameters.some((p) => typeof p !== 'string' || p.length < 1 || p.length > 1024)
  ) {
    throw invalidRequest('ExecutionParameters must be strings of 1 to 1024 characters');
  }
  const database = String(
    (body.QueryExecutionContext as Body | undefined)?.Database ?? 'default',
  ).toLowerCase();
  const script = state.takeScript(sql);
  const id = randomUUID();
  const type = (() => {
    try {
      return statementType(parseStatement(sql));
    } catch {
      return 'DML' as const;
    }
  })();
  const run = new Execution(
    id,
    sql,
    database,
    group.name,
    `${output.endsWith('/') ? output : `${output}/`}${id}.csv`,
    parameters as string[],
    type,
    state.now(),
    script?.schedule ?? state.schedule,
    script,
    group.bytesScannedCutoffPerQuery,
  );
  state.executions.set(id, run);
  state.tokens.set(token, id);
  if (!script?.end) state.run(run);
  return { QueryExecutionId: id };
}

function execution(state: AthenaEmulatorState, body: Body): Execution {
  const id = body.QueryExecutionId;
  const found = typeof id === 'string' ? state.executions.get(id) : undefined;
  if (!found) throw invalidRequest(`QueryExecution ${String(id)} was not found`);
  return found;
}

function workGroup(state: AthenaEmulatorState, name: unknown): EmulatedWorkGroup {
  const group = state.workGroups.get(typeof name === 'string' ? name : 'primary');
  if (!group) throw invalidRequest(`WorkGroup ${String(name)} is not found.`);
  return group;
}

const seconds = (date: Date) => date.getTime() / 1000;

function describe(state: AthenaEmulatorState, run: Execution): unknown {
  const current = run.poll(state.now());
  const final = run.finalStatus;
  return {
    QueryExecutionId: run.id,
    Query: run.sql,
    StatementType: run.statementType,
    ResultConfiguration: { OutputLocation: run.outputLocation },
    QueryExecutionContext: { Database: run.database, Catalog: 'awsdatacatalog' },
    Status: {
      State: current,
      SubmissionDateTime: seconds(run.submittedAt),
      ...(run.completedAt ? { CompletionDateTime: seconds(run.completedAt) } : {}),
      ...(final?.reason ? { StateChangeReason: final.reason } : {}),
      ...(final?.error
        ? {
            AthenaError: {
              ErrorCategory: final.error.category,
              ErrorType: final.error.errorType,
              Retryable: final.error.retryable,
              ErrorMessage: final.error.message,
            },
          }
        : {}),
    },
    Statistics: {
      DataScannedInBytes: final?.scannedBytes ?? 0,
      EngineExecutionTimeInMillis: final ? 42 : 0,
      TotalExecutionTimeInMillis: final ? 50 : 0,
    },
    WorkGroup: run.workGroup,
    EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
    ...(run.parameters.length > 0 ? { ExecutionParameters: run.parameters } : {}),
  };
}

function getQueryResults(state: AthenaEmulatorState, body: Body): unknown {
  const run = execution(state, body);
  const final = run.finalStatus;
  if (!final) throw invalidRequest(`Query has not yet finished. Current state: ${run.state}`);
  if (final.state !== 'SUCCEEDED' || run.outcome?.state !== 'SUCCEEDED') {
    throw invalidRequest(`Query did not finish successfully. Final query state: ${final.state}`);
  }
  const size = body.MaxResults === undefined ? 1000 : Number(body.MaxResults);
  if (!Number.isInteger(size) || size < 1 || size > 1000)
    throw invalidRequest('MaxResults must be from 1 to 1000');
  const offset = body.NextToken === undefined ? 0 : tokenOffset(String(body.NextToken), run.id);
  const { columns, rows } = run.outcome;
  const all = run.statementType === 'DML' ? [columns.map((c) => c.name), ...rows] : rows;
  const page = all.slice(offset, offset + size);
  const next = offset + size < all.length ? offset + size : undefined;
  return {
    UpdateCount: 0,
    ResultSet: {
      Rows: page.map((row) => ({
        Data: row.map((value) => (value === null ? {} : { VarCharValue: value })),
      })),
      ResultSetMetadata: {
        ColumnInfo: columns.map((c) => ({
          CatalogName: 'hive',
          SchemaName: '',
          TableName: '',
          Name: c.name,
          Label: c.name,
          Type: c.type,
          Precision: c.precision,
          Scale: c.scale,
          Nullable: 'UNKNOWN',
          CaseSensitive: c.type === 'varchar',
        })),
      },
    },
    ...(next === undefined
      ? {}
      : { NextToken: Buffer.from(JSON.stringify({ id: run.id, offset: next })).toString('base64') }),
  };
}

function tokenOffset(token: string, id: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
      id?: string;
      offset?: number;
    };
    if (parsed.id === id && Number.isInteger(parsed.offset)) return parsed.offset as number;
  } catch {}
  throw invalidRequest('The NextToken is not valid');
}

function describeWorkGroup(group: EmulatedWorkGroup): unknown {
  return {
    Name: group.name,
    State: 'ENABLED',
    Configuration: {
      ...(group.outputLocation ? { ResultConfiguration: { OutputLocation: group.outputLocation } } : {}),
      EnforceWorkGroupConfiguration: group.enforce ?? false,
      ...(group.bytesScannedCutoffPerQuery === undefined
        ? {}
        : { BytesScannedCutoffPerQuery: group.bytesScannedCutoffPerQuery }),
      EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
    },
    CreationTime: 1_700_000_000,
  };
}
