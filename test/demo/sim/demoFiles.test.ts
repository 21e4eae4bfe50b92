import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { UNDECODABLE_URI } from '../../../src/demo/sim/badLines.js';
import {
  type DemoFileSet,
  demoPeriod,
  writeAmplifyCsvFile,
  writeDemoFiles,
} from '../../../src/demo/sim/demoFiles.js';
import { AMPLIFY_HEADER, AMPLIFY_HEADER_ESCAPED_PAREN } from '../../../src/demo/sim/writers.js';

const NOW = new Date('2026-11-25T22:30:00Z');
const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'amplify-logs-sim-'));
  dirs.push(dir);
  return dir;
}

after(async () => {
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

interface Parsed {
  valid: number;
  rejected: number;
  ids: Set<string>;
  dates: Set<string>;
  lastTimeOfDay: Map<string, string>;
}

function validDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text);
}

/** Reads a folder the way an importer would, independently of the writer's own counts. */
async function parseFolder(files: readonly string[]): Promise<Parsed> {
  const out: Parsed = { valid: 0, rejected: 0, ids: new Set(), dates: new Set(), lastTimeOfDay: new Map() };
  for (const file of files) {
    const bytes = await fs.readFile(file);
    const gz = file.endsWith('.gz');
    const text = gz ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#') || line.startsWith('date,time,')) continue;
      const fields = line.split(gz ? '\t' : ',');
      if (gz && fields.length === 34 && fields[33] === '') fields.pop();
      const ok = fields.length === 33 && validDate(fields[0] ?? '') && /^\d+$/.test(fields[3] ?? '');
      if (!ok) {
        out.rejected++;
        continue;
      }
      out.valid++;
      out.ids.add((fields[14] ?? '').replaceAll('\\=', '='));
      out.dates.add(fields[0] as string);
      const last = out.lastTimeOfDay.get(fields[0] as string) ?? '';
      if ((fields[1] as string) > last) out.lastTimeOfDay.set(fields[0] as string, fields[1] as string);
    }
  }
  return out;
}

let full: { dir: string; set: DemoFileSet } | undefined;

async function fullSet(): Promise<{ dir: string; set: DemoFileSet }> {
  if (!full) {
    const dir = await tempDir();
    full = { dir, set: await writeDemoFiles(dir, { now: NOW }) };
  }
  return full;
}

function named(set: DemoFileSet, pattern: RegExp): string[] {
  return set.files.filter((f) => pattern.test(path.basename(f)));
}

test('returns counts that match the files when a default demo folder is read back', async () => {
  const { set } = await fullSet();
  const parsed = await parseFolder(set.files);
  assert.equal(parsed.valid, set.records);
  assert.equal(parsed.ids.size, set.expectedUniqueRequests);
  assert.equal(parsed.rejected, set.expectedRejectedLines);
  assert.equal(set.expectedRejectedLines, 4);
  assert.equal(set.expectedUniqueRequests, 60_001, 'every simulated request plus the undecodable line');
  assert.ok(set.records > set.expectedUniqueRequests, 'overlaps repeat some requests');
});

test('returns data for today up to the hour before now and for yesterday', async () => {
  const { set } = await fullSet();
  const parsed = await parseFolder(set.files);
  assert.ok(parsed.dates.has('2026-11-25') && parsed.dates.has('2026-11-24'));
  assert.ok(parsed.dates.has('2026-10-29'), '28 days back');
  assert.ok(!parsed.dates.has('2026-10-28'));
  assert.ok((parsed.lastTimeOfDay.get('2026-11-25') ?? '') < '22:00:00');
});

test('returns a 0-byte file and a header-only file when writing the demo folder', async () => {
  const { set } = await fullSet();
  const sizes = await Promise.all(set.files.map(async (f) => ({ f, text: await fs.readFile(f, 'utf8') })));
  assert.ok(
    sizes.some(({ f, text }) => text === '' && f.endsWith('.csv')),
    '0-byte file',
  );
  assert.ok(
    sizes.some(({ text }) => text === `${AMPLIFY_HEADER}\n`),
    'header-only file',
  );
});

test('returns valid gzip CloudFront logs with 33 fields and some trailing tabs', async () => {
  const { set } = await fullSet();
  const gz = set.files.filter((f) => f.endsWith('.gz'));
  assert.ok(gz.length > 24);
  let trailing = 0;
  for (const file of gz) {
    assert.match(path.basename(file), /^E2EXAMPLE\.\d{4}-\d{2}-\d{2}-\d{2}\.[0-9a-f]{8}\.gz$/);
    const lines = gunzipSync(await fs.readFile(file))
      .toString('utf8')
      .split('\n');
    assert.equal(lines[0], '#Version: 1.0');
    assert.equal(lines[1]?.split(' ').length, 34, '#Fields: and 33 names');
    for (const line of lines.slice(2, -1)) {
      const n = line.split('\t').length;
      assert.ok(n === 33 || (n === 34 && line.endsWith('\t')));
      if (n === 34) trailing++;
    }
  }
  assert.ok(trailing > 0);
});

test('returns every Amplify file quirk when writing the demo folder', async () => {
  const { set } = await fullSet();
  const texts = new Map(await Promise.all(set.files.map(async (f) => [f, await fs.readFile(f)] as const)));
  const csv = [...texts]
    .filter(([f]) => f.endsWith('.csv'))
    .map(([f, b]) => [f, b.toString('utf8')] as const);
  assert.ok(
    csv.some(([, t]) => t.split('\n').filter((l) => l === AMPLIFY_HEADER).length === 2),
    'stitched file',
  );
  assert.ok(
    csv.some(([, t]) => t.startsWith(AMPLIFY_HEADER_ESCAPED_PAREN)),
    'cs\\(Host\\) header',
  );
  assert.ok(
    csv.some(([, t]) => t.includes(',-0,') && !t.includes(',-,')),
    '-0 marker file',
  );
  assert.ok(
    csv.some(([, t]) => t.includes(`,${UNDECODABLE_URI},`)),
    'undecodable URI kept',
  );
  assert.ok(
    csv.some(([, t]) => /,[0-9a-f:]+:[0-9a-f:]+,GET,/.test(t)),
    'IPv6 clients',
  );
  assert.ok(
    csv.some(([, t]) => t.includes(',000,')),
    'status 000',
  );
  assert.ok(csv.some(([, t]) => t.includes('%C3%A9') && t.includes('\\(') && t.includes('\\=')));
  const [part1, part2] = named(set, /-part[12]\.csv$/);
  assert.ok(part1 && part2);
  const ids = (f: string) =>
    new Set((texts.get(f)?.toString('utf8') ?? '').split('\n').map((l) => l.split(',')[14]));
  const shared = [...ids(part1)].filter((id) => id && ids(part2).has(id));
  assert.ok(shared.length > 0, 'split downloads overlap');
  assert.ok(set.notes.length >= 12);
  for (const note of set.notes) {
    const file = note.slice(note.lastIndexOf(': ') + 2);
    assert.ok(set.files.includes(path.join(await fullDir(), file)), note);
  }
});

async function fullDir(): Promise<string> {
  return (await fullSet()).dir;
}

test('returns identical files when written twice with the same options', async () => {
  const hashes = async () => {
    const dir = await tempDir();
    const set = await writeDemoFiles(dir, { now: NOW, requests: 3_000, days: 14, seed: 5 });
    const hash = createHash('sha256');
    for (const f of set.files) hash.update(path.relative(dir, f)).update(await fs.readFile(f));
    return hash.digest('hex');
  };
  assert.equal(await hashes(), await hashes());
});

test('returns damaged lines and empty files when the demo has one day and few requests', async () => {
  const dir = await tempDir();
  const set = await writeDemoFiles(dir, { now: new Date('2026-11-25T00:30:00Z'), days: 1, requests: 50 });
  const parsed = await parseFolder(set.files);
  assert.equal(set.expectedRejectedLines, 4);
  assert.equal(parsed.rejected, 4);
  assert.equal(parsed.valid, set.records);
  assert.equal(parsed.ids.size, set.expectedUniqueRequests);
  assert.equal(set.expectedUniqueRequests, 51);
  assert.deepEqual([...parsed.dates], ['2026-11-25']);
});

test('returns the period ending at the start of the hour when asked for a demo period', () => {
  const p = demoPeriod(new Date('2026-11-25T22:30:00Z'), 28);
  assert.equal(p.end.toISOString(), '2026-11-25T22:00:00.000Z');
  assert.equal(p.start.toISOString(), '2026-10-29T00:00:00.000Z');
  const early = demoPeriod(new Date('2026-11-25T00:30:12.345Z'), 2);
  assert.equal(early.end.toISOString(), '2026-11-25T00:30:12.000Z');
  assert.equal(early.start.toISOString(), '2026-11-24T00:00:00.000Z');
  assert.throws(() => demoPeriod(NOW, 0), RangeError);
});

test('returns the bytes and count written when streaming an Amplify CSV file', async () => {
  const file = path.join(await tempDir(), 'big.csv');
  const options = {
    seed: 2,
    start: new Date('2026-10-01T00:00:00Z'),
    end: new Date('2026-10-08T00:00:00Z'),
    requests: 30_000,
  };
  const written = await writeAmplifyCsvFile(file, options);
  const text = await fs.readFile(file, 'utf8');
  assert.equal(written.requests, 30_000);
  assert.equal(written.bytes, (await fs.stat(file)).size);
  const lines = text.split('\n');
  assert.equal(lines[0], AMPLIFY_HEADER);
  assert.equal(lines.filter((l) => l === AMPLIFY_HEADER).length, 1);
  assert.equal(lines.length, 30_002, 'header, lines, and the empty string after the last newline');
  assert.ok(lines.slice(1, -1).every((l) => l.split(',').length === 33));
});
