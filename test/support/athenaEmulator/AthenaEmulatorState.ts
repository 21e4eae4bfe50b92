import type { AthenaFault } from './awsJson.js';
import type { Catalog } from './Catalog.js';
import type { Execution, QueryScript, Schedule } from './Execution.js';
import type { SqlExecutor } from './SqlExecutor.js';

/** A workgroup as the emulator knows it. */
export interface EmulatedWorkGroup {
  readonly name: string;
  /** The workgroup's query result location. */
  readonly outputLocation?: string;
  /** The workgroup's settings override the client's (`EnforceWorkGroupConfiguration`). */
  readonly enforce?: boolean;
  /** The data usage control: a query scanning more is cancelled. */
  readonly bytesScannedCutoffPerQuery?: number;
}

/** One API call the emulator answered, for tests to inspect. */
export interface AthenaCall {
  readonly seq: number;
  readonly operation: string;
  status: number;
  /** The error type answered, if any. */
  error?: string;
  queryExecutionId?: string;
}

/** The state the request handlers share. */
export class AthenaEmulatorState {
  readonly executions = new Map<string, Execution>();
  /** ClientRequestToken → query id: a repeated start returns the first query. */
  readonly tokens = new Map<string, string>();
  readonly calls: AthenaCall[] = [];
  private readonly scripts: QueryScript[] = [];
  private readonly faults: {
    operation: string | undefined;
    fault: AthenaFault;
    message?: string | undefined;
  }[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly catalog: Catalog,
    readonly executor: SqlExecutor,
    readonly workGroups: Map<string, EmulatedWorkGroup>,
    readonly schedule: Schedule,
    readonly now: () => Date,
  ) {}

  script(script: QueryScript): void {
    this.scripts.push(script);
  }

  /** The first script for this SQL, taken off the queue. */
  takeScript(sql: string): QueryScript | undefined {
    const index = this.scripts.findIndex((s) => s.match === undefined || s.match.test(sql));
    return index < 0 ? undefined : this.scripts.splice(index, 1)[0];
  }

  failNext(fault: AthenaFault, operation?: string, times = 1, message?: string): void {
    for (let i = 0; i < times; i++) this.faults.push({ operation, fault, message });
  }

  /** The scripted fault for this call, taken off the queue. */
  takeFault(operation: string): { fault: AthenaFault; message?: string | undefined } | undefined {
    const index = this.faults.findIndex((f) => f.operation === undefined || f.operation === operation);
    return index < 0 ? undefined : this.faults.splice(index, 1)[0];
  }

  clear(): void {
    this.scripts.length = 0;
    this.faults.length = 0;
  }

  /** Runs a query's SQL after the ones before it (one at a time, as the catalog is shared). */
  run(execution: Execution): void {
    this.queue = this.queue.then(async () => {
      execution.outcome = await this.executor.execute(execution.sql, {
        queryExecutionId: execution.id,
        database: execution.database,
        parameters: execution.parameters,
        now: this.now(),
      });
    });
  }

  /** Resolves once every query started so far has run. */
  async idle(): Promise<void> {
    await this.queue;
  }
}
