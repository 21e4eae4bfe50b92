import type { StatementType } from './parseStatement.js';
import type { ExecutionOutcome } from './SqlExecutor.js';

/** How many GetQueryExecution polls a query answers QUEUED, then RUNNING, before its end. */
export interface Schedule {
  readonly queuedPolls: number;
  readonly runningPolls: number;
}

/** What a scripted query does instead of (or besides) running its SQL. */
export interface QueryScript {
  /** Only queries whose SQL matches; default the next query. */
  readonly match?: RegExp;
  /** End so without running the SQL: FAILED (with an error category) or CANCELLED. */
  readonly end?: {
    readonly state: 'FAILED' | 'CANCELLED';
    readonly reason?: string;
    /** `AthenaError.ErrorCategory`: 1 system, 2 user, 3 other. Default 2 for FAILED, none for CANCELLED. */
    readonly category?: 1 | 2 | 3;
    readonly errorType?: number;
    readonly retryable?: boolean;
  };
  readonly schedule?: Schedule;
  /** `Statistics.DataScannedInBytes` to report (the workgroup's cutoff applies to it). */
  readonly scannedBytes?: number;
}

/** What Athena answers when a workgroup's per-query data limit stops a query. */
export const SCAN_CUTOFF_REASON = 'Query cancelled! : Bytes scanned limit was exceeded';

export type QueryState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** The final status of a query. */
export interface FinalStatus {
  readonly state: 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  readonly reason?: string;
  readonly error?: { category: number; errorType: number; retryable: boolean; message: string };
  readonly scannedBytes: number;
}

/** One query execution: its request, its schedule, and (once run) its outcome. */
export class Execution {
  /** Every state answered to GetQueryExecution, in order. */
  readonly states: QueryState[] = [];
  outcome: ExecutionOutcome | undefined;
  private polls = 0;
  private final: FinalStatus | undefined;
  completedAt: Date | undefined;

  constructor(
    readonly id: string,
    readonly sql: string,
    readonly database: string,
    readonly workGroup: string,
    readonly outputLocation: string,
    readonly parameters: readonly string[],
    readonly statementType: StatementType,
    readonly submittedAt: Date,
    readonly schedule: Schedule,
    readonly script: QueryScript | undefined,
    private readonly cutoffBytes: number | undefined,
  ) {}

  /** The state one more GetQueryExecution poll answers. */
  poll(now: Date): QueryState {
    this.polls++;
    const state = this.stateAt(now);
    this.states.push(state);
    return state;
  }

  /** The state without counting a poll. */
  get state(): QueryState {
    return this.final?.state ?? (this.polls <= this.schedule.queuedPolls ? 'QUEUED' : 'RUNNING');
  }

  get finalStatus(): FinalStatus | undefined {
    return this.final;
  }

  /** StopQueryExecution: a query not yet ended ends CANCELLED. */
  cancel(now: Date): void {
    if (this.final) return;
    this.final = { state: 'CANCELLED', reason: 'Query cancelled by user', scannedBytes: 0 };
    this.completedAt = now;
  }

  private stateAt(now: Date): QueryState {
    if (this.final) return this.final.state;
    const { queuedPolls, runningPolls } = this.schedule;
    if (this.polls <= queuedPolls) return 'QUEUED';
    if (this.polls <= queuedPolls + runningPolls || !(this.outcome || this.script?.end)) return 'RUNNING';
    this.final = this.resolve();
    this.completedAt = now;
    return this.final.state;
  }

  private resolve(): FinalStatus {
    const end = this.script?.end;
    if (end) {
      const message =
        end.reason ?? (end.state === 'FAILED' ? 'GENERIC_INTERNAL_ERROR' : 'Query cancelled by user');
      const error =
        end.state === 'FAILED' || end.category !== undefined
          ? {
              category: end.category ?? 2,
              errorType: end.errorType ?? 1000,
              retryable: end.retryable ?? false,
              message,
            }
          : undefined;
      return {
        state: end.state,
        reason: message,
        ...(error ? { error } : {}),
        scannedBytes: this.script?.scannedBytes ?? 0,
      };
    }
    const outcome = this.outcome as ExecutionOutcome;
    if (outcome.state === 'FAILED') {
      return {
        state: 'FAILED',
        reason: outcome.reason,
        error: {
          category: outcome.category,
          errorType: outcome.errorType,
          retryable: false,
          message: outcome.reason,
        },
        scannedBytes: 0,
      };
    }
    const scannedBytes = this.script?.scannedBytes ?? outcome.scannedBytes;
    if (this.cutoffBytes !== undefined && scannedBytes > this.cutoffBytes) {
      return {
        state: 'CANCELLED',
        reason: SCAN_CUTOFF_REASON,
        error: { category: 2, errorType: 1003, retryable: false, message: SCAN_CUTOFF_REASON },
        scannedBytes: this.cutoffBytes,
      };
    }
    return { state: 'SUCCEEDED', scannedBytes };
  }
}
