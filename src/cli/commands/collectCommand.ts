import { UsageError } from '../../util/errors.js';
import { stringOption } from '../args.js';
import type { Command, ParsedArgs } from '../context.js';
import { progressBar } from '../progressBar.js';
import { renderCollect } from '../render/collectSummary.js';
import { storeFromArgs } from '../storeFromArgs.js';

export const collectCommand: Command = {
  name: 'collect',
  summary: "fetch an Amplify app's access logs through GenerateAccessLogs into the store",
  usage: '--app-id ID --domain DOMAIN [--since TIME] [--until TIME] [--recheck-hours N] [--json]',
  options: {
    'app-id': { type: 'string' },
    domain: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    'recheck-hours': { type: 'string' },
    json: { type: 'boolean' },
  },
  help: [
    'Without --since, fetches every finished hour since the last run (the first run takes the last',
    'finished hour), asking again a few hours back for entries CloudFront delivers late; run it',
    'hourly. With --since, backfills that range a UTC day at a time. Each request is kept once.',
    'Windows that still fail after retries are reported (exit code 1) and asked again next run.',
    '',
    '  --app-id ID          the Amplify app (env AMPLIFY_APP_ID)',
    '  --domain DOMAIN      the domain whose logs to fetch (env AMPLIFY_DOMAIN), as listed under the',
    "                       app's Domain management: example.com, or d1a2b3c4d5e6f7.amplifyapp.com",
    '  --since TIME         backfill from TIME: 2026-11-01, 2026-11-01T06:00Z, or 7d / 36h ago',
    '  --until TIME         backfill up to TIME (default: the last hour Amplify has delivered)',
    '  --recheck-hours N    hours every run asks again, for late entries (default 3)',
    '  --json               print one JSON object with the counts on stdout',
    '',
    "AWS credentials, region and endpoints come from the SDK's standard chain (AWS_PROFILE,",
    'AWS_REGION, AWS_ENDPOINT_URL_AMPLIFY, ...).',
  ],
  async run(context, args) {
    const { collect } = await import('../../collect/collect.js');
    const appId = stringOption(args, 'app-id') ?? context.env.AMPLIFY_APP_ID;
    const domain = stringOption(args, 'domain') ?? context.env.AMPLIFY_DOMAIN;
    if (!appId) throw new UsageError('collect needs --app-id (or AMPLIFY_APP_ID)');
    if (!domain) throw new UsageError('collect needs --domain (or AMPLIFY_DOMAIN)');
    const now = context.now();
    const since = timeOption(args, 'since', now);
    const until = timeOption(args, 'until', now);
    if (until && !since) throw new UsageError('--until goes with --since');
    if (since && until && until <= since) throw new UsageError('--until must be after --since');
    const recheck = stringOption(args, 'recheck-hours');
    const recheckHours = recheck === undefined ? 3 : Number(recheck);
    if (!Number.isInteger(recheckHours) || recheckHours < 0 || recheckHours > 48) {
      throw new UsageError(`--recheck-hours ${recheck}: give a whole number of hours from 0 to 48`);
    }
    const store = await storeFromArgs(context, args);
    const json = Boolean(args.values.json);
    const bar = since && !json ? progressBar(context.stderr, 'windows') : undefined;
    const summary = await collect({
      store,
      appId,
      domain,
      now: context.now,
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
      recheckHours,
      log: json ? () => {} : (line) => context.stderr.write(`${bar ? '\n' : ''}${line}\n`),
      ...(bar ? { progress: (done, total) => bar.update(done, total) } : {}),
    });
    bar?.end();
    context.stdout.write(
      json
        ? `${JSON.stringify({ store: store.location, ...summary }, null, 2)}\n`
        : renderCollect(summary, store.location),
    );
    return summary.failures > 0 ? 1 : 0;
  },
};

/** `2026-11-01`, `2026-11-01T06:00Z` (UTC unless an offset is given), or `7d` / `36h` before now. */
export function parseTime(text: string, now: Date): Date | undefined {
  const relative = /^(\d+)([dh])$/.exec(text);
  if (relative)
    return new Date(now.getTime() - Number(relative[1]) * (relative[2] === 'd' ? 86_400_000 : 3_600_000));
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}(:\d{2}(:\d{2})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) return undefined;
  const iso = text.length === 10 ? `${text}T00:00:00Z` : /Z|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`;
  const date = new Date(iso.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function timeOption(args: ParsedArgs, name: string, now: Date): Date | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const time = parseTime(text, now);
  if (!time)
    throw new UsageError(
      `--${name} ${text}: give a date (2026-11-01), a UTC time (2026-11-01T06:00Z) or an age (7d, 36h)`,
    );
  return time;
}
