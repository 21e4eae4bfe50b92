import { AmplifyClient, GenerateAccessLogsCommand } from '@aws-sdk/client-amplify';
import {
  type AmplifyEmulator,
  type AmplifyEmulatorOptions,
  startAmplifyEmulator,
} from '../../../src/demo/emulator/AmplifyEmulator.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const APP = 'd1a2b3c4d5e6f7';
export const DOMAIN = 'example-shop.com';
export const HOUR = 3_600_000;

/** A clock tests move by hand. */
export class Clock {
  constructor(public time: Date) {}

  readonly now = (): Date => this.time;

  set(iso: string): void {
    this.time = new Date(iso);
  }

  advance(ms: number): void {
    this.time = new Date(this.time.getTime() + ms);
  }
}

export interface Setup {
  readonly emulator: AmplifyEmulator;
  readonly client: AmplifyClient;
  readonly clock: Clock;
}

/**
 * Runs `fn` against a fresh emulator (clock pinned at `now`, small traffic unless asked) and an
 * SDK client pointed at it (`maxAttempts` 1 unless asked, so errors come back at once); stops both.
 */
export async function withEmulator<T>(
  options: AmplifyEmulatorOptions & { readonly start?: string; readonly maxAttempts?: number },
  fn: (setup: Setup) => Promise<T>,
): Promise<T> {
  const clock = new Clock(new Date(options.start ?? '2026-11-25T12:30:00Z'));
  const emulator = await startAmplifyEmulator({ requestsPerHour: 60, now: clock.now, ...options });
  const client = new AmplifyClient({ ...emulator.clientConfig(), maxAttempts: options.maxAttempts ?? 1 });
  try {
    return await fn({ emulator, client, clock });
  } finally {
    client.destroy();
    await emulator.stop();
  }
}

/** GenerateAccessLogs through the real SDK; resolves with the logUrl. */
export async function generate(
  client: AmplifyClient,
  start: string,
  end: string,
  options: { appId?: string; domainName?: string } = {},
): Promise<string> {
  const out = await client.send(
    new GenerateAccessLogsCommand({
      appId: options.appId ?? APP,
      domainName: options.domainName ?? DOMAIN,
      startTime: new Date(start),
      endTime: new Date(end),
    }),
  );
  if (!out.logUrl) throw new Error('no logUrl');
  return out.logUrl;
}

/** Downloads a logUrl with Node's fetch; rejects if the body is cut. */
export async function download(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** GenerateAccessLogs then the download of its file. */
export async function fetchLogs(client: AmplifyClient, start: string, end: string): Promise<string> {
  const { status, text } = await download(await generate(client, start, end));
  if (status !== 200) throw new Error(`download answered ${status}`);
  return text;
}

/** The data lines of a CSV file (the header and the final empty string dropped). */
export function dataLines(csv: string): string[] {
  return csv.split('\n').slice(1, -1);
}

/** A line's request id as the site made it (`\=` escapes removed). */
export function requestIdOf(line: string): string {
  return (line.split(',')[14] ?? '').replaceAll('\\', '');
}

/** A line's UTC instant (ms). */
export function instantOf(line: string): number {
  const [date, time] = line.split(',');
  return Date.parse(`${date}T${time}Z`);
}

export function requestIds(csv: string): string[] {
  return dataLines(csv).map(requestIdOf);
}

/** A GenerateAccessLogs call without the SDK (signed or not), for wire-level checks. */
export function postRaw(endpoint: string, appId: string, body: unknown, signed = true): Promise<Response> {
  return fetch(`${endpoint}/apps/${appId}/accesslogs`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signed
        ? {
            authorization: 'AWS4-HMAC-SHA256 Credential=AKIAEMULATOR/20261125/us-east-1/amplify/aws4_request',
          }
        : {}),
    },
    body: JSON.stringify(body),
  });
}
