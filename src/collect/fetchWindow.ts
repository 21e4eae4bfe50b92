import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { messageOf } from '../util/errors.js';
import { BrokenDownload, download } from './download.js';
import { classifySourceError, type LogSource } from './LogSource.js';
import { type RetryClock, type RetryPolicy, withRetries } from './retry.js';
import { describeWindow, halves, type Window } from './windows.js';

/** One downloaded file and the window it answers. */
export interface FetchedPart {
  readonly window: Window;
  readonly file: string;
  readonly bytes: number;
}

export interface FetchOutcome {
  readonly window: Window;
  readonly parts: FetchedPart[];
  /** Why the window could not be fetched, after every retry; absent on success. */
  readonly error?: string;
  /** True when the error is the source's final word (unknown app, no permission): stop the run. */
  readonly fatal?: boolean;
}

export interface FetchContext {
  readonly source: LogSource;
  readonly workDir: string;
  readonly retry: RetryPolicy;
  readonly clock: RetryClock;
  readonly log: (line: string) => void;
}

/**
 * Fetches one window: asks the source for its URL and downloads the file, retrying throttling,
 * server errors and broken downloads with backoff (a broken download asks for a fresh URL, as a
 * presigned one may have expired). When Amplify answers that the window holds too much
 * ("reduce time range"), the window is split in halves, recursively, down to single hours.
 */
export async function fetchWindow(window: Window, context: FetchContext): Promise<FetchOutcome> {
  try {
    return { window, parts: await fetchParts(window, context) };
  } catch (error) {
    const fatal = !(error instanceof BrokenDownload) && classifySourceError(error) === 'fatal';
    return { window, parts: [], error: `${describeWindow(window)}: ${messageOf(error)}`, fatal };
  }
}

async function fetchParts(window: Window, context: FetchContext): Promise<FetchedPart[]> {
  try {
    return [await fetchOne(window, context)];
  } catch (error) {
    const split = halves(window);
    if (error instanceof BrokenDownload || classifySourceError(error) !== 'too-big' || !split) throw error;
    context.log(`Amplify asks for a shorter window than ${describeWindow(window)}: splitting it in two`);
    return [...(await fetchParts(split[0], context)), ...(await fetchParts(split[1], context))];
  }
}

async function fetchOne(window: Window, context: FetchContext): Promise<FetchedPart> {
  const file = path.join(context.workDir, `window-${randomUUID()}.csv`);
  const retryable = (error: unknown) =>
    error instanceof BrokenDownload || classifySourceError(error) === 'retryable';
  try {
    const bytes = await withRetries(
      async (attempt) => {
        if (attempt > 1) context.log(`asking again for ${describeWindow(window)} (attempt ${attempt})`);
        const url = await context.source.logUrl(window);
        return download(url, file);
      },
      retryable,
      context.retry,
      context.clock,
    );
    return { window, file, bytes };
  } catch (error) {
    await fs.rm(file, { force: true });
    throw error;
  }
}
