import { anonymizeStoredDays } from '../../ingest/anonymizeStoredDays.js';
import { CURATED_PREFIX } from '../../store/keys.js';
import {
  type PrivacyState,
  readPrivacy,
  SALT_PREFIX,
  spellPrivacy,
  writePrivacy,
} from '../../store/privacy.js';
import type { Store } from '../../store/Store.js';
import { UsageError } from '../../util/errors.js';
import type { CliContext, Command, ParsedArgs } from '../context.js';
import { describeSettings, settingsFromArgs } from '../privacyArgs.js';
import { storeFromArgs } from '../storeFromArgs.js';

export const privacyCommand: Command = {
  name: 'privacy',
  summary: "show or set the store's privacy settings (anonymised addresses, retention)",
  usage:
    '[set [--anonymize-ip none|8|16|24] [--raw-days N|forever] [--keep-months N|forever] [--yes]] [--json]',
  options: {
    'anonymize-ip': { type: 'string' },
    'raw-days': { type: 'string' },
    'keep-months': { type: 'string' },
    yes: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  help: [
    'Without `set`, prints the settings. The settings live in the store (state/privacy.json), so',
    'every later import, collect, Lambda run and Athena compaction applies them.',
    '',
    '  --anonymize-ip B   zero the last B bits of IPv4 addresses and keep 64, 48 or 32 bits of IPv6',
    '                     (B = 8, 16, 24) in curated/ and rejected/; none keeps them as they come.',
    '                     Visitors and visits stay exact (keys salted per day, salts deleted after 2 days).',
    '                     Turning it on for a store holding data rewrites its curated days: needs --yes.',
    '  --raw-days N       delete raw files and rejected lines after N days (at least 3), forever keeps them',
    '  --keep-months N    delete curated days after N months, forever keeps them',
    '  --yes              rewrite the curated days now',
    '  --json             print the settings as one JSON object on stdout',
    'Retention is applied by `amplify-logs prune` (nightly in the deployment).',
  ],
  async run(context, args) {
    const [sub, ...rest] = args.positionals;
    if (rest.length > 0 || (sub !== undefined && sub !== 'set')) {
      throw new UsageError(
        `privacy: unexpected ${JSON.stringify(sub === 'set' ? rest[0] : sub)}`,
        'Run amplify-logs privacy --help.',
      );
    }
    const store = await storeFromArgs(context, args);
    if (sub === 'set') return setPrivacy(context, args, store);
    if (['anonymize-ip', 'raw-days', 'keep-months', 'yes'].some((flag) => args.values[flag] !== undefined)) {
      throw new UsageError(
        'privacy: the settings are changed with `privacy set`',
        'Run amplify-logs privacy set --help.',
      );
    }
    const state = await readPrivacy(store);
    const salts = (await store.list(SALT_PREFIX)).length;
    if (args.values.json) {
      writeStateJson(context, store, state, { salts });
    } else {
      context.stdout.write(renderState(store.location, state, salts));
    }
    return 0;
  },
};

/** The settings as `--json` writes them: as stored, with `none` and `forever` spelled as the flags take them. */
function writeStateJson(
  context: CliContext,
  store: Store,
  state: PrivacyState,
  extra: Record<string, unknown>,
): void {
  context.stdout.write(
    `${JSON.stringify({ store: store.location, ...state, ...spellPrivacy(state), ...extra }, null, 2)}\n`,
  );
}

async function setPrivacy(context: CliContext, args: ParsedArgs, store: Store): Promise<number> {
  const current = await readPrivacy(store);
  const settings = settingsFromArgs(args, current);
  const stricter = settings.anonymizeIp > current.anonymizeIp;
  const pending = current.rewritePending || stricter;
  const days = pending ? (await store.list(CURATED_PREFIX)).length : 0;
  if (pending && days > 0 && !args.values.yes) {
    throw new UsageError(
      `privacy set: anonymising addresses at ${settings.anonymizeIp} bits rewrites the ${days} curated day file(s) of ${store.location} (visitor and visit figures stay as they were; raw files keep full addresses for as long as --raw-days keeps them)`,
      'Run it again with --yes to rewrite them now.',
    );
  }
  const state: PrivacyState = { ...settings, rewritePending: pending && days > 0 };
  await writePrivacy(store, state);
  const log = (line: string) => context.stderr.write(`${line}\n`);
  const rewritten = state.rewritePending ? await anonymizeStoredDays(store, { now: context.now(), log }) : [];
  const saved = await readPrivacy(store);
  if (args.values.json) {
    writeStateJson(context, store, saved, { rewrittenDays: rewritten.map((d) => d.day) });
  } else {
    context.stdout.write(renderState(store.location, saved, (await store.list(SALT_PREFIX)).length));
    if (rewritten.length > 0)
      context.stdout.write(`rewrote ${rewritten.length} curated day(s) with anonymised addresses\n`);
    if (settings.anonymizeIp < current.anonymizeIp) {
      context.stdout.write(
        'addresses already truncated stay truncated; only rows stored from now on keep more bits\n',
      );
    }
    if (settings.rawDays !== null || settings.keepMonths !== null) {
      context.stdout.write(
        'run `amplify-logs prune` to delete what the settings no longer keep (the deployment does nightly)\n',
      );
    }
  }
  return 0;
}

function renderState(location: string, state: PrivacyState, salts: number): string {
  const lines = [`privacy settings of ${location}`, ...describeSettings(state).map((l) => `  ${l}`)];
  lines.push(`  salts         ${salts} day salt(s) kept, each deleted 2 days after its day ends`);
  if (state.rewritePending)
    lines.push(
      '  a rewrite of curated days is unfinished: run `amplify-logs privacy set --yes` to finish it',
    );
  return `${lines.join('\n')}\n`;
}
