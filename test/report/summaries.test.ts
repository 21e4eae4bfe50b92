import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeDemoFiles } from '../../src/demo/sim/demoFiles.js';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import type { CountryLookup } from '../../src/format/address/CountryLookup.js';
import { openCountryLookup } from '../../src/format/address/CountryLookup.js';
import { anonymizeStoredDays } from '../../src/ingest/anonymizeStoredDays.js';
import { importFiles } from '../../src/ingest/importFiles.js';
import { prune } from '../../src/ingest/prune.js';
import { type BuildReportOptions, buildReport } from '../../src/report/buildReport.js';
import type { RangeSpec } from '../../src/report/range.js';
import { renderJson } from '../../src/report/render/renderJson.js';
import { DaySummaries } from '../../src/report/summaries/daySummaries.js';
import { SUMMARIES_PREFIX, summaryPrefix } from '../../src/store/keys.js';
import type { LocalStore } from '../../src/store/LocalStore.js';
import { writePrivacy } from '../../src/store/privacy.js';
import { S3Store } from '../../src/store/S3Store.js';
import type { Store } from '../../src/store/Store.js';
import { freshStore, runCli, tempDir } from '../helpers.js';
import { amplifyCsv, logLine } from '../ingest/logText.js';
import { type LocalS3, startLocalS3 } from '../support/s3Server.js';
import { attackLines } from './attackFixture.js';
import { fixtureLines, NOW } from './fixture.js';
import { visitLines } from './visitsFixture.js';

/**
 * Day summaries (src/report/summaries/daySummaries.ts) are derived data: a report must read the
 * same from them as from the day files, for every range, granularity and comparison, and must stop
 * reading a day's summary the moment it no longer matches that day's file, bots or country data.
 * The store: ten simulated days (browsers, bots, scanners, IPv6, campaigns) with the hand-counted
 * fixtures of report.test.ts, visits.test.ts and the script payloads on top.
 */

const now = () => NOW;
let demoFiles: string[];

async function csvOf(lines: readonly string[]): Promise<string> {
  const file = path.join(await tempDir(), 'lines.csv');
  await fs.writeFile(file, amplifyCsv(lines));
  return file;
}

/** A fresh store of the whole data set. */
async function dataStore(): Promise<LocalStore> {
  const store = await freshStore();
  const lines = [...fixtureLines(), ...visitLines(), ...attackLines('2026-11-19')];
  await importFiles([...demoFiles, await csvOf(lines)], { store, now });
  return store;
}

const RANGES: [string, RangeSpec][] = [
  ['every day', { kind: 'all' }],
  ['today, by hour', { kind: 'period', name: 'today' }],
  ['yesterday, by hour', { kind: 'period', name: 'yesterday' }],
  ['the week', { kind: 'period', name: 'week' }],
  ['three days', { kind: 'days', from: '2026-11-15', to: '2026-11-17' }],
];

/** The JSON report of `range` on `store`, read from summaries when `summaries` says so. */
async function reportJson(
  store: Store,
  options: Omit<BuildReportOptions, 'now'>,
  summaries?: { build: boolean },
): Promise<string> {
  const engine = await DuckDBEngine.open({ store, now });
  try {
    const days = summaries ? new DaySummaries(store, engine, summaries) : undefined;
    return renderJson(await buildReport(engine, { ...options, now, ...(days ? { summaries: days } : {}) }));
  } finally {
    await engine.close();
  }
}

async function summaryKeys(store: Store): Promise<string[]> {
  return (await store.list(SUMMARIES_PREFIX)).map((object) => object.key);
}

/** The days whose summary a reader would use now (nothing is built). */
async function currentDays(store: Store, countries?: CountryLookup): Promise<string[]> {
  const engine = await DuckDBEngine.open({ store, now });
  try {
    const lookup = countries ?? (await openCountryLookup());
    const scoped = await new DaySummaries(store, engine, { build: false }).forRange(
      '2000-01-01',
      '2100-01-01',
      lookup,
    );
    return [...(scoped?.days ?? [])];
  } finally {
    await engine.close();
  }
}

async function editManifest(
  store: LocalStore,
  day: string,
  edit: (manifest: Record<string, unknown>) => void,
) {
  const key = `${summaryPrefix(day)}manifest.json`;
  const manifest = JSON.parse(String(await store.getBytes(key)));
  edit(manifest);
  await store.putBytes(key, JSON.stringify(manifest));
}

before(async () => {
  const dir = await tempDir();
  demoFiles = (await writeDemoFiles(dir, { now: NOW, days: 10, requests: 6_000, seed: 7 })).files.map(
    (file) => path.resolve(dir, file),
  );
});

describe('a report read from day summaries', () => {
  let store: LocalStore;
  let days: string[];

  before(async () => {
    store = await dataStore();
    days = (await store.list('curated/')).map((o) =>
      o.key.replace(/^curated\/year=(\d+)\/month=(\d+)\/day=(\d+)\/.*$/, '$1-$2-$3'),
    );
  });

  for (const [name, range] of RANGES) {
    for (const compare of [false, true]) {
      test(`returns the day files' report byte for byte: ${name}${compare ? ', compared' : ''}`, async () => {
        const options = { range, compare };
        const fromFiles = await reportJson(store, options);
        const fromSummaries = await reportJson(store, options, { build: true });
        assert.equal(fromSummaries, fromFiles);
        // Every day now has a summary; with some of them gone, those days are read from their files.
        await store.delete(`${summaryPrefix(days[0] as string)}manifest.json`);
        await store.delete(`${summaryPrefix(days[days.length - 1] as string)}manifest.json`);
        assert.equal(await reportJson(store, options, { build: false }), fromFiles);
      });
    }
  }

  test('has summarised every day of the store, and reads every one of them', async () => {
    await reportJson(store, { range: { kind: 'all' } }, { build: true });
    assert.deepEqual(await currentDays(store), days);
    const keys = await summaryKeys(store);
    assert.equal(keys.length, days.length * 9, 'eight parts and a manifest a day');
  });
});

describe('a day summary that no longer matches', () => {
  let store: LocalStore;

  before(async () => {
    store = await dataStore();
    await reportJson(store, { range: { kind: 'all' } }, { build: true });
  });

  test('is not read once its day file changed, and is made again from the new file', async () => {
    // Late requests of 2026-11-14, a visitor's pages and a new bot's, import into its day file.
    const extra = ['/', '/pricing', '/blog/'].flatMap((uri, i) => [
      logLine({
        date: '2026-11-14',
        time: `2${i}:00:00`,
        'x-edge-request-id': `late-${i}`,
        'c-ip': '192.0.2.44',
        'cs-uri-stem': uri,
        'sc-content-type': 'text/html',
      }),
      logLine({
        date: '2026-11-14',
        time: `2${i}:30:00`,
        'x-edge-request-id': `late-bot-${i}`,
        'cs(User-Agent)': encodeURIComponent('NewCrawler/1.0 (+https://crawler.example/bot)'),
        'cs-uri-stem': uri,
        'sc-content-type': 'text/html',
      }),
    ]);
    await importFiles([await csvOf(extra)], { store, now });
    assert.ok(!(await currentDays(store)).includes('2026-11-14'), 'the changed day is read from its file');
    const fromFiles = await reportJson(store, { range: { kind: 'all' } });
    assert.equal(await reportJson(store, { range: { kind: 'all' } }, { build: false }), fromFiles);
    assert.equal(await reportJson(store, { range: { kind: 'all' } }, { build: true }), fromFiles);
    assert.ok((await currentDays(store)).includes('2026-11-14'), 'summarised again');
  });

  test('is not read when the classifier finds other bots among its user agents', async () => {
    await editManifest(store, '2026-11-20', (manifest) => {
      manifest.bots = [];
    });
    assert.ok(!(await currentDays(store)).includes('2026-11-20'));
    await reportJson(store, { range: { kind: 'all' } }, { build: true });
    assert.ok((await currentDays(store)).includes('2026-11-20'));
  });

  test('is not read when it was made under other definitions or from other country data', async () => {
    await editManifest(store, '2026-11-18', (manifest) => {
      manifest.definitions = 'older';
    });
    assert.ok(!(await currentDays(store)).includes('2026-11-18'));
    const other: CountryLookup = { source: 'DB-IP Lite', edition: 'a newer release', country: () => 'FR' };
    assert.deepEqual(await currentDays(store, other), []);
  });

  test('is not written by a reader that may not build; a broken manifest or a lost part is only not read', async () => {
    await store.putBytes(`${summaryPrefix('2026-11-17')}manifest.json`, '{ not json');
    await store.delete(`${summaryPrefix('2026-11-16')}visits.parquet`);
    const before = await summaryKeys(store);
    const current = await currentDays(store);
    assert.ok(!current.includes('2026-11-17') && !current.includes('2026-11-16'));
    assert.ok(current.includes('2026-11-15'));
    const fromFiles = await reportJson(store, { range: { kind: 'all' } });
    assert.equal(await reportJson(store, { range: { kind: 'all' } }, { build: false }), fromFiles);
    assert.deepEqual(await summaryKeys(store), before);
  });
});

describe('day summaries and the privacy settings', () => {
  test('go with their days when prune deletes days past keepMonths', async () => {
    const store = await dataStore();
    await reportJson(store, { range: { kind: 'all' } }, { build: true });
    await writePrivacy(store, { anonymizeIp: 0, rawDays: null, keepMonths: 1, rewritePending: false });
    const result = await prune(store, { now: new Date('2026-12-17T06:00:00Z') });
    const pruned = result.deleted.filter((o) => o.key.startsWith(SUMMARIES_PREFIX)).map((o) => o.key);
    assert.ok(pruned.length > 0);
    for (const key of await summaryKeys(store)) assert.ok(key >= `${SUMMARIES_PREFIX}day=2026-11-17/`, key);
    assert.ok(pruned.every((key) => key < `${SUMMARIES_PREFIX}day=2026-11-17/`));
  });

  test('holding addresses in clear are deleted when the days are anonymised, then made again from them', async () => {
    const store = await dataStore();
    await reportJson(store, { range: { kind: 'all' } }, { build: true });
    await writePrivacy(store, { anonymizeIp: 24, rawDays: null, keepMonths: null, rewritePending: true });
    const rewritten = await anonymizeStoredDays(store, { now: NOW });
    assert.ok(rewritten.length > 0);
    const left = await summaryKeys(store);
    for (const { day } of rewritten) assert.ok(!left.some((key) => key.startsWith(summaryPrefix(day))), day);
    const fromFiles = await reportJson(store, { range: { kind: 'all' } });
    assert.equal(await reportJson(store, { range: { kind: 'all' } }, { build: true }), fromFiles);
    const engine = await DuckDBEngine.open({ store, now });
    try {
      const files = (await store.list(SUMMARIES_PREFIX)).filter((o) => o.key.endsWith('/probes.parquet'));
      const paths = await Promise.all(files.map((o) => store.localPath(o.key)));
      const { rows } = await engine.query(
        `SELECT DISTINCT request_ip FROM read_parquet([${paths.map((p) => `'${p}'`).join(', ')}])`,
      );
      assert.ok(rows.length > 0);
      for (const [ip] of rows) assert.match(String(ip), /(\.0|::)$/, 'no address in clear in a new summary');
    } finally {
      await engine.close();
    }
  });
});

describe('a store whose summaries cannot be listed (a reader without access to them)', () => {
  test("returns the day files' report, with a warning, and writes nothing", async () => {
    const store = await dataStore();
    const denied: LocalStore = Object.create(store);
    denied.list = async (prefix: string) => {
      if (prefix.startsWith(SUMMARIES_PREFIX)) throw new Error('AccessDenied: list summaries/');
      return store.list(prefix);
    };
    const warnings: string[] = [];
    const engine = await DuckDBEngine.open({ store: denied, now });
    try {
      const summaries = new DaySummaries(denied, engine, {
        build: true,
        warn: (line) => warnings.push(line),
      });
      const json = renderJson(
        await buildReport(engine, { range: { kind: 'all' }, compare: false, now, summaries }),
      );
      assert.equal(json, await reportJson(store, { range: { kind: 'all' } }));
    } finally {
      await engine.close();
    }
    assert.match(warnings.join('\n'), /were not written \(AccessDenied.*reading the day files instead/);
    assert.match(warnings.join('\n'), /could not be read \(AccessDenied/);
    assert.deepEqual(await summaryKeys(store), []);
  });
});

describe('day summaries and a privacy rewrite under way', () => {
  test('are not written from a day rewritten since the engine read it in clear', async () => {
    const store = await dataStore();
    const engine = await DuckDBEngine.open({ store, now });
    try {
      await writePrivacy(store, { anonymizeIp: 24, rawDays: null, keepMonths: null, rewritePending: true });
      const rewritten = await anonymizeStoredDays(store, { now: NOW });
      assert.ok(rewritten.length > 0);
      // The engine opened before the rewrite still reads the days as they were, in clear.
      const summaries = new DaySummaries(store, engine, { build: true });
      const scoped = await summaries.forRange('2000-01-01', '2100-01-01', await openCountryLookup());
      const kept = await summaryKeys(store);
      for (const { day } of rewritten) {
        assert.ok(!kept.some((key) => key.startsWith(summaryPrefix(day))), `no summary of ${day}`);
        assert.ok(!scoped?.days.includes(day));
      }
    } finally {
      await engine.close();
    }
  });
});

describe('amplify-logs report and day summaries', () => {
  test('summarises the days of its range, then answers the same from them', async () => {
    const store = await dataStore();
    const args = ['report', '--range', 'all', '--format', 'json', '--data-dir', store.location];
    const env = { AMPLIFY_LOGS_NOW: NOW.toISOString() };
    assert.deepEqual(await summaryKeys(store), []);
    const first = await runCli(args, { env });
    assert.equal(first.code, 0, first.stderr);
    assert.ok((await summaryKeys(store)).length > 0);
    const second = await runCli(args, { env });
    assert.equal(second.code, 0, second.stderr);
    const strip = (text: string) => text.replace(/"generatedAt": "[^"]*"/, '');
    assert.equal(strip(second.stdout), strip(first.stdout));
    assert.equal(strip(second.stdout), strip(await reportJson(store, { range: { kind: 'all' } })));
  });
});

describe('day summaries of an S3 store (a real local S3 server)', () => {
  let s3: LocalS3;
  before(async () => {
    s3 = await startLocalS3();
  });
  after(() => s3.stop());

  test('are made from the day files the engine read, even when a day is replaced meanwhile', async () => {
    const prefix = 'summaries-race/';
    const store = () => new S3Store({ bucket: 'logs', prefix, client: s3.client, localDir: dirs.shift() });
    const dirs = [await tempDir(), await tempDir(), await tempDir(), await tempDir()];
    const writer = store();
    await importFiles([await csvOf([...fixtureLines(), ...visitLines()])], { store: writer, now });
    // A report's engine opens (a copy of each day file), then a collect replaces a day.
    const reader = store();
    const engine = await DuckDBEngine.open({ store: reader, now });
    try {
      const late = logLine({
        date: '2026-11-20',
        time: '23:00:00',
        'x-edge-request-id': 'late-1',
        'cs-uri-stem': '/late',
        'sc-content-type': 'text/html',
      });
      await importFiles([await csvOf([late])], { store: writer, now });
      await new DaySummaries(reader, engine, { build: true }).forRange(
        '2026-11-20',
        '2026-11-21',
        await openCountryLookup(),
      );
    } finally {
      await engine.close();
    }
    // The summary of the replaced day names the file it was made from, so it is not read now.
    const fresh = store();
    assert.deepEqual(await currentDays(fresh), ['2026-11-21']);
    const fromFiles = await reportJson(fresh, { range: { kind: 'all' } });
    assert.equal(await reportJson(fresh, { range: { kind: 'all' } }, { build: true }), fromFiles);
    assert.match(fromFiles, /"\/late"/);
  });

  test('read each manifest once while its entity tag stays, and again once it changes', async () => {
    const store = new S3Store({
      bucket: 'logs',
      prefix: 'summaries-manifests/',
      client: s3.client,
      localDir: await tempDir(),
    });
    await importFiles([await csvOf([...fixtureLines(), ...visitLines()])], { store, now });
    const reads: string[] = [];
    const counter = 'count manifest reads';
    s3.client.middlewareStack.add(
      (next, context) => async (args) => {
        const key = (args.input as { Key?: string }).Key ?? '';
        if (context.commandName === 'GetObjectCommand' && key.endsWith('manifest.json')) reads.push(key);
        return next(args);
      },
      { step: 'initialize', name: counter },
    );
    const engine = await DuckDBEngine.open({ store, now });
    try {
      const lookup = await openCountryLookup();
      await new DaySummaries(store, engine, { build: true }).forRange('2026-11-20', '2026-11-21', lookup);
      const reader = new DaySummaries(store, engine, { build: false });
      const days = async () => [...((await reader.forRange('2026-11-20', '2026-11-21', lookup))?.days ?? [])];
      reads.length = 0;
      assert.deepEqual(await days(), ['2026-11-20', '2026-11-21']);
      assert.equal(reads.length, 2);
      assert.deepEqual(await days(), ['2026-11-20', '2026-11-21']);
      assert.equal(reads.length, 2, 'a manifest listed with the same tag is not fetched again');
      const key = `${summaryPrefix('2026-11-20')}manifest.json`;
      const manifest = JSON.parse(String(await store.getBytes(key)));
      await store.putBytes(key, JSON.stringify({ ...manifest, definitions: 'other' }));
      reads.length = 0;
      assert.deepEqual(await days(), ['2026-11-21']);
      assert.deepEqual(reads, [`summaries-manifests/${key}`]);
    } finally {
      s3.client.middlewareStack.remove(counter);
      await engine.close();
    }
  });
});
