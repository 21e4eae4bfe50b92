import * as fs from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { type AthenaCall, AthenaEmulatorState, type EmulatedWorkGroup } from './AthenaEmulatorState.js';
import { OPERATIONS } from './athenaOperations.js';
import { AthenaApiError, type AthenaFault, faultError, readJson, sendError, sendJson } from './awsJson.js';
import { Catalog } from './Catalog.js';
import type { Execution, QueryScript, Schedule } from './Execution.js';
import { S3Objects } from './S3Objects.js';
import { SqlExecutor } from './SqlExecutor.js';

export type { AthenaCall, EmulatedWorkGroup } from './AthenaEmulatorState.js';
export type { AthenaFault } from './awsJson.js';
export { type QueryScript, SCAN_CUTOFF_REASON, type Schedule } from './Execution.js';
export { TRANSLATIONS } from './translateSql.js';

export interface AthenaEmulatorOptions {
  /** The S3 the tables' data is in (a local server in tests), through the AWS SDK. */
  readonly s3: S3Client;
  /** The clock: `current_date`, submission and completion times. Default the real clock. */
  readonly now?: () => Date;
  /** Polls a query answers QUEUED, then RUNNING. Default 1 and 1. */
  readonly schedule?: Schedule;
  /** Default: `primary`, with no result location (clients must give one) and no scan limit. */
  readonly workGroups?: readonly EmulatedWorkGroup[];
  /** Listening address and port (0: a free port). Default 127.0.0.1:0. */
  readonly host?: string;
  readonly port?: number;
}

const CREDENTIALS = { accessKeyId: 'AKIAATHENAEMULATOR', secretAccessKey: 'athena-emulator-secret' } as const;
const REGION = 'us-east-1';

/**
 * A wire-compatible stand-in for Amazon Athena on a local port, for tests: `POST /` with
 * `X-Amz-Target: AmazonAthena.<Operation>` and JSON 1.1 bodies (StartQueryExecution,
 * GetQueryExecution, GetQueryResults with NextToken/MaxResults pages, StopQueryExecution,
 * GetWorkGroup). Queries go QUEUED → RUNNING → SUCCEEDED/FAILED/CANCELLED on a schedule of
 * polls; their SQL really runs, on an embedded DuckDB over the tables' S3 data, translated from
 * Athena's dialect (translateSql.ts). Failures can be scripted: API errors (`failNext`:
 * throttling, InvalidRequestException, ...) and query ends (`script`: FAILED with a reason,
 * CANCELLED, a scan that passes the workgroup's cutoff).
 */
export class AthenaEmulator {
  private constructor(
    private readonly state: AthenaEmulatorState,
    private readonly server: Server,
    private readonly workDir: string,
    readonly endpoint: string,
  ) {}

  static async start(options: AthenaEmulatorOptions): Promise<AthenaEmulator> {
    const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'athena-emulator-'));
    const catalog = new Catalog();
    const executor = new SqlExecutor(
      catalog,
      new S3Objects(options.s3, path.join(workDir, 'cache')),
      workDir,
    );
    const groups = options.workGroups ?? [{ name: 'primary' }];
    const state = new AthenaEmulatorState(
      catalog,
      executor,
      new Map(groups.map((g) => [g.name, g])),
      options.schedule ?? { queuedPolls: 1, runningPolls: 1 },
      options.now ?? (() => new Date()),
    );
    const server = createServer((req, res) => {
      handle(state, req, res).catch((error: unknown) => {
        if (!res.headersSent)
          sendError(res, new AthenaApiError(500, 'InternalServerException', String(error)));
        else res.destroy();
      });
    });
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, resolve);
    });
    const { port } = server.address() as AddressInfo;
    return new AthenaEmulator(state, server, workDir, `http://${host}:${port}`);
  }

  /** Options for `new AthenaClient(...)` that reach this emulator. */
  clientConfig(): {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  } {
    return { endpoint: this.endpoint, region: REGION, credentials: { ...CREDENTIALS } };
  }

  /** Environment that points the SDK (and a CLI child process) at this emulator. */
  env(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL_ATHENA: this.endpoint,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_REGION: REGION,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
  }

  /** Scripts how the next query (or the next one whose SQL matches) ends. */
  script(script: QueryScript): void {
    this.state.script(script);
  }

  /** Makes the next `times` calls (of `operation`, or of any) answer `fault`. */
  failNext(fault: AthenaFault, options: { operation?: string; times?: number; message?: string } = {}): void {
    this.state.failNext(fault, options.operation, options.times ?? 1, options.message);
  }

  /** Drops scripts and faults not used yet. */
  clearScripts(): void {
    this.state.clear();
  }

  /** Every call answered so far. */
  get calls(): readonly AthenaCall[] {
    return this.state.calls;
  }

  /** Every query started so far, in order. */
  get executions(): readonly Execution[] {
    return [...this.state.executions.values()];
  }

  /** The emulated catalog (databases, tables, partitions, views). */
  get catalog(): Catalog {
    return this.state.catalog;
  }

  async stop(): Promise<void> {
    await this.state.idle().catch(() => {});
    if (this.server.listening) {
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeAllConnections();
      await closed;
    }
    await fs.rm(this.workDir, { recursive: true, force: true });
  }
}

/** Starts an emulator (see `AthenaEmulator`). */
export function startAthenaEmulator(options: AthenaEmulatorOptions): Promise<AthenaEmulator> {
  return AthenaEmulator.start(options);
}

async function handle(state: AthenaEmulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const operation = target.startsWith('AmazonAthena.') ? target.slice('AmazonAthena.'.length) : '';
  const call: AthenaCall = { seq: state.calls.length + 1, operation, status: 200 };
  try {
    if (req.method !== 'POST' || (req.url ?? '/') !== '/') {
      throw new AthenaApiError(404, 'UnknownOperationException', 'Not Found');
    }
    if (!req.headers.authorization) {
      throw new AthenaApiError(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
    const handler = OPERATIONS[operation];
    if (!handler) throw new AthenaApiError(400, 'UnknownOperationException', `unknown operation ${target}`);
    const body = await readJson(req);
    const fault = state.takeFault(operation);
    if (fault) throw faultError(fault.fault, fault.message);
    const answer = handler(state, body) as { QueryExecutionId?: string };
    call.queryExecutionId = answer.QueryExecutionId ?? (body.QueryExecutionId as string | undefined);
    sendJson(res, 200, answer);
  } catch (error) {
    if (!(error instanceof AthenaApiError)) throw error;
    call.status = error.status;
    call.error = error.type;
    sendError(res, error);
  } finally {
    state.calls.push(call);
  }
}
