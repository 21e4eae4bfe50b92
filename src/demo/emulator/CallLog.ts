import type { FaultKind } from './Faults.js';

/** One call the emulator answered, for tests to inspect. Times are on the emulator's clock. */
export interface EmulatorCall {
  /** Order in which calls arrived, from 1. */
  readonly seq: number;
  readonly kind: 'generate' | 'download';
  readonly at: Date;
  /** HTTP status answered. */
  status: number;
  /** The AWS error type or S3 error code answered, if any. */
  error?: string;
  /** The fault injected, if any. */
  fault?: FaultKind;
  appId?: string;
  domainName?: string;
  /** The window asked (both ends inclusive, as sent). */
  asked?: { readonly start: Date; readonly end: Date };
  /** The widened window the file covers: whole hours, end exclusive. */
  window?: { readonly start: Date; readonly end: Date };
  /** Rows and bytes of the file (generate), or rows in the file and bytes actually sent (download). */
  rows?: number;
  bytes?: number;
  /** The download token the call made or used. */
  token?: string;
  /** The SDK's attempt number (`amz-sdk-request: attempt=N`), when sent. */
  attempt?: number;
  /** A download's byte range, when one was asked. */
  range?: { readonly start: number; readonly end: number };
}

export interface EmulatorCounters {
  /** GenerateAccessLogs calls answered, and those answered 200. */
  generateCalls: number;
  logUrls: number;
  /** Download requests, those sent whole (200/206 with every byte), and their rows and bytes. */
  downloads: number;
  completeDownloads: number;
  rowsServed: number;
  bytesServed: number;
  /** Answers by error type or S3 error code. */
  errors: Record<string, number>;
  /** Faults injected, by kind. */
  faults: Partial<Record<FaultKind, number>>;
}

/** The calls answered so far and their counters. */
export class CallLog {
  readonly calls: EmulatorCall[] = [];
  readonly counters: EmulatorCounters = {
    generateCalls: 0,
    logUrls: 0,
    downloads: 0,
    completeDownloads: 0,
    rowsServed: 0,
    bytesServed: 0,
    errors: {},
    faults: {},
  };
  private seq = 0;

  /** Starts the record of a call; fill it in, then `finish` it. */
  start(kind: EmulatorCall['kind'], at: Date): EmulatorCall {
    return { seq: ++this.seq, kind, at, status: 0 };
  }

  /** Adds a call to the log and counts it (and, for a download sent whole, its rows). */
  finish(call: EmulatorCall, complete = false): void {
    this.calls.push(call);
    const c = this.counters;
    if (call.kind === 'generate') c.generateCalls++;
    else c.downloads++;
    if (call.kind === 'generate' && call.status === 200) c.logUrls++;
    if (call.kind === 'download') c.bytesServed += call.bytes ?? 0;
    if (call.kind === 'download' && complete) {
      c.completeDownloads++;
      c.rowsServed += call.rows ?? 0;
    }
    if (call.error) c.errors[call.error] = (c.errors[call.error] ?? 0) + 1;
    if (call.fault) c.faults[call.fault] = (c.faults[call.fault] ?? 0) + 1;
  }
}
