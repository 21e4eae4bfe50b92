// privacy and prune as a user runs them, on a local folder and on a real local S3 server, each
// killed midway (SIGKILL at a fail point, as a power cut would) and run again.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { anonymizeIp } from '../../src/format/address/anonymizeAddress.js';
import { SUMMARY_PARTS } from '../../src/report/queries/summaryRows.js';
import { LocalStore } from '../../src/store/LocalStore.js';
import { S3Store } from '../../src/store/S3Store.js';
import type { Store } from '../../src/store/Store.js';
import { runCli, tempDir } from '../helpers.js';
import { amplifyCsv, logLine } from '../ingest/logText.js';
import { type LocalS3, startLocalS3 } from '../support/s3Server.js';

const NOW = '2026-11-25T12:00:00Z';
const DAYS = ['2026-09-20', '2026-10-05', '2026-10-20', '2026-11-20', '2026-11-21', '2026-11-24'];
const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0', 'Mozilla/5.0 (Macintosh) Safari/605.1.15'];

/** Six days of pageviews: on each, twelve visitors of one /24 network, two user agents, some back within minutes. */
function lines(): string[] {
  const out: string[] = [];
  for (const day of DAYS) {
    for (let i = 1; i <= 12; i++) {
      for (let k = 0; k < 1 + (i % 3); k++) {
        out.push(
          logLine({
            date: day,
            time: `1${i % 10}:0${k}:00`,
            'c-ip': i % 4 === 0 ? `2001:db8:${i}:1::${k + 1}` : `203.0.113.${i}`,
            'cs(User-Agent)': encodeURIComponent(AGENTS[i % 2] as string),
            'x-forwarded-for': encodeURIComponent(`198.51.100.${i}, 192.0.2.${i}`),
            'x-edge-request-id': `${day}-${i}-${k}`,
          }),
        );
      }
    }
  }
  out.push('garbage line with 203.0.113.99 in it');
  return out;
}

interface Target {
  readonly name: string;
  readonly flags: () => string[];
  readonly env: () => Record<string, string>;
  readonly store: () => Store;
  /**
   * What the time after a kill does to its lock: a local lock of a dead process is taken over at
   * once; an S3 lock expires after 10 minutes, which the test fast-forwards by backdating it.
   */
  readonly afterKill: () => Promise<void>;
}

async function keys(store: Store, prefix: string): Promise<string[]> {
  return (await store.list(prefix)).map((o) => o.key);
}

function json(run: { stdout: string; stderr: string; code: number | null }): Record<string, unknown> {
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

let s3: LocalS3;
let localRoot: string;
before(async () => {
  s3 = await startLocalS3(['logs']);
  localRoot = path.join(await tempDir(), 'store');
});
after(async () => {
  await s3.stop();
});

const TARGETS: Target[] = [
  {
    name: 'a local store',
    flags: () => ['--data-dir', localRoot],
    env: () => ({ AMPLIFY_LOGS_NOW: NOW }),
    store: () => new LocalStore(localRoot),
    afterKill: async () => {},
  },
  {
    name: 'an S3 store',
    flags: () => ['--store', 's3://logs/private/'],
    env: () => ({ ...s3.env, AMPLIFY_LOGS_NOW: NOW }),
    store: () => new S3Store({ bucket: 'logs', prefix: 'private/', client: s3.client }),
    afterKill: async () => {
      // The killed process held the write lock and the summaries lock (10 minutes' lease each).
      for (const Key of ['private/state/write.lock', 'private/state/summaries.lock']) {
        const held = await s3.client.send(new GetObjectCommand({ Bucket: 'logs', Key }));
        const body = JSON.parse(await (held.Body?.transformToString() ?? '{}')) as { expires: string };
        body.expires = new Date(Date.now() - 1000).toISOString();
        await s3.client.send(new PutObjectCommand({ Bucket: 'logs', Key, Body: JSON.stringify(body) }));
      }
    },
  },
];

for (const target of TARGETS) {
  describe(`privacy and prune on ${target.name}`, () => {
    const cli = (args: string[], env: Record<string, string> = {}) =>
      runCli([...args, ...target.flags()], { env: { ...target.env(), ...env } });
    const figures = async () => {
      const report = json(await cli(['report', '--range', 'all', '--format', 'json']));
      const totals = report.totals as Record<string, number>;
      return {
        visitors: totals.visitors,
        visits: totals.visits,
        pageviews: totals.pageviews,
        countries: report.countries,
      };
    };
    let before: Awaited<ReturnType<typeof figures>>;

    test('returns the defaults, then refuses to rewrite curated days without --yes', async () => {
      const file = path.join(await tempDir(), 'logs.csv');
      await fs.writeFile(file, amplifyCsv(lines()));
      assert.equal(json(await cli(['import', file, '--json'])).rowsImported, 12 * 2 * DAYS.length);
      before = await figures();
      assert.deepEqual(json(await cli(['privacy', '--json'])), {
        store: target.store().location,
        anonymizeIp: 'none',
        rawDays: 'forever',
        keepMonths: 'forever',
        rewritePending: false,
        salts: 0,
      });
      const refused = await cli(['privacy', 'set', '--anonymize-ip', '8']);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /rewrites the 6 curated day file\(s\).*\n.*--yes/);
      assert.equal(json(await cli(['privacy', '--json'])).anonymizeIp, 'none');
      const bad = await cli(['privacy', 'set', '--raw-days', '1']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /at least 3/);
    });

    test('returns a store a rerun completes when privacy set --yes is killed between two days', async () => {
      const killed = await cli(['privacy', 'set', '--anonymize-ip', '8', '--yes'], {
        AMPLIFY_LOGS_FAILPOINT: 'anonymize-day:3',
      });
      assert.equal(killed.signal, 'SIGKILL');
      await target.afterKill();
      const half = json(await cli(['privacy', '--json']));
      assert.equal(half.anonymizeIp, 8);
      assert.equal(half.rewritePending, true);
      const shown = await cli(['privacy']);
      assert.match(shown.stdout, /unfinished: run `amplify-logs privacy set --yes`/);
      const clearRows = json(
        await cli([
          'query',
          'SELECT count(*) AS n FROM access_logs WHERE visitor_key IS NULL',
          '--format',
          'json',
        ]),
      ) as unknown as { n: number }[];
      assert.ok((clearRows[0]?.n ?? 0) > 0, 'some days are still in clear after the kill');

      const done = json(await cli(['privacy', 'set', '--yes', '--json']));
      assert.equal(done.rewritePending, false);
      assert.equal((done.rewrittenDays as string[]).length, 4);
      const rows = json(
        await cli([
          'query',
          'SELECT request_ip, xforwarded_for, visitor_key FROM access_logs',
          '--format',
          'json',
        ]),
      ) as unknown as { request_ip: string; xforwarded_for: string; visitor_key: string | null }[];
      assert.equal(rows.length, 12 * 2 * DAYS.length);
      for (const row of rows) {
        assert.equal(anonymizeIp(row.request_ip, 8), row.request_ip);
        assert.match(row.xforwarded_for, /^198\.51\.100\.0, 192\.0\.2\.0$/);
        assert.notEqual(row.visitor_key, null);
      }
      assert.deepEqual(await figures(), before);
      const rejected = json(
        await cli(['query', 'SELECT text, base64 FROM rejected_lines', '--format', 'json']),
      ) as unknown as { text: string }[];
      assert.equal(rejected.length, 1);
      assert.ok(
        rejected[0]?.text.includes('203.0.113.99'),
        'lines rejected before the setting stay as they were',
      );
    });

    test('returns rejected lines truncated when a file is imported while the store anonymises', async () => {
      const file = path.join(await tempDir(), 'more.csv');
      await fs.writeFile(
        file,
        amplifyCsv(['another bad line from 2001:db8:aaaa:bbbb:cccc::1 and 198.51.100.77']),
      );
      await cli(['import', file, '--json']);
      const texts = (
        json(
          await cli(['query', 'SELECT text, base64 FROM rejected_lines ORDER BY text', '--format', 'json']),
        ) as unknown as {
          text: string;
          base64: string | null;
        }[]
      ).map((r) => r.text);
      assert.ok(
        texts.includes('another bad line from 2001:db8:aaaa:bbbb:: and 198.51.100.0'),
        texts.join('\n'),
      );
    });

    test('returns what prune deletes, deletes nothing on a dry run, and finishes after a kill', async () => {
      const store = target.store();
      const window = (day: string) =>
        `raw/year=${day.slice(0, 4)}/month=${day.slice(5, 7)}/day=${day.slice(8)}/access_logs-10-11.csv.gz`;
      for (const day of ['2026-11-20', '2026-11-23']) {
        await store.putBytes(window(day), gzipSync(amplifyCsv([])));
        await store.putBytes(
          `rejected/year=${day.slice(0, 4)}/month=${day.slice(5, 7)}/day=${day.slice(8)}/access_logs-10-11.jsonl.gz`,
          gzipSync('{}\n'),
        );
      }
      json(await cli(['privacy', 'set', '--raw-days', '3', '--keep-months', '1', '--json']));
      const curatedBefore = await keys(store, 'curated/');
      const rawBefore = await keys(store, 'raw/');
      const dry = json(await cli(['prune', '--dry-run', '--json']));
      const listed = (dry.deleted as { key: string; reason: string }[])
        .map((o) => `${o.reason} ${o.key}`)
        .sort();
      assert.deepEqual(listed, [
        'keep-months curated/year=2026/month=09/day=20/access_logs.parquet',
        'keep-months curated/year=2026/month=10/day=05/access_logs.parquet',
        'keep-months curated/year=2026/month=10/day=20/access_logs.parquet',
        // The day summaries the reports above made of those days go with them.
        ...['2026-09-20', '2026-10-05', '2026-10-20'].flatMap((day) =>
          [...SUMMARY_PARTS, 'manifest']
            .sort()
            .map(
              (part) =>
                `keep-months summaries/day=${day}/${part}.${part === 'manifest' ? 'json' : 'parquet'}`,
            ),
        ),
        'raw-days raw/year=2026/month=11/day=20/access_logs-10-11.csv.gz',
        'raw-days rejected/year=2026/month=11/day=20/access_logs-10-11.jsonl.gz',
      ]);
      assert.deepEqual(await keys(store, 'curated/'), curatedBefore);
      assert.deepEqual(await keys(store, 'raw/'), rawBefore);

      const killed = await cli(['prune'], { AMPLIFY_LOGS_FAILPOINT: 'prune-delete:3' });
      assert.equal(killed.signal, 'SIGKILL');
      await target.afterKill();
      assert.equal((await keys(store, 'curated/')).length, 4, 'two deleted before the kill');
      const rerun = json(await cli(['prune', '--json']));
      const rest = (rerun.deleted as { key: string; reason: string }[]).filter(
        (o) => o.reason !== 'salt' && !o.key.startsWith('summaries/'),
      );
      assert.equal(rest.length, 3);
      for (const key of await keys(store, 'summaries/')) assert.match(key, /^summaries\/day=2026-11-/);
      assert.deepEqual(await keys(store, 'curated/'), [
        'curated/year=2026/month=11/day=20/access_logs.parquet',
        'curated/year=2026/month=11/day=21/access_logs.parquet',
        'curated/year=2026/month=11/day=24/access_logs.parquet',
      ]);
      assert.ok((await keys(store, 'raw/')).includes(window('2026-11-23')));
      assert.ok(!(await keys(store, 'raw/')).includes(window('2026-11-20')));
      const kept = json(
        await cli(['query', 'SELECT count(*) AS n FROM access_logs', '--format', 'json']),
      ) as unknown as { n: number }[];
      assert.equal(kept[0]?.n, 12 * 2 * 3, 'the days the settings keep hold every request');
      const text = await cli(['report', '--range', 'all']);
      assert.match(
        text.stdout,
        /privacy: addresses anonymised \(8 bits\), raw logs kept 3 days, days kept 1 month/,
      );
    });

    test('returns imported raw files deleted once they are older than raw-days, and salts of closed days', async () => {
      const store = target.store();
      assert.ok((await keys(store, 'raw/imports/')).length > 0);
      const later = new Date(Date.now() + 10 * 86_400_000).toISOString();
      const pruned = json(await cli(['prune', '--json'], { AMPLIFY_LOGS_NOW: later }));
      const reasons = (pruned.deleted as { key: string; reason: string }[]).map((o) => o.reason);
      assert.ok(reasons.includes('raw-days'));
      assert.deepEqual(await keys(store, 'raw/imports/'), []);
      assert.deepEqual(await keys(store, 'rejected/imports/'), []);
      assert.deepEqual(await keys(store, 'state/privacy/salts/'), []);
    });
  });
}
