import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { importFiles } from '../../src/ingest/importFiles.js';
import { freshStore, queryRows, REAL_SAMPLES, tempDir } from '../helpers.js';

/**
 * Mutates the real samples at random (seeded, so a failure can be replayed) and imports each
 * mutant. Whatever the damage, the import never crashes: it keeps a line, counts it as a header,
 * or rejects it with a reason (every line is one of the three), or it refuses the whole file with
 * a clear message. A line the mutation left untouched is never lost.
 */

const NOW = new Date('2026-11-25T12:00:00Z');
const MUTANTS_PER_SAMPLE = Number(process.env.FUZZ_MUTANTS ?? 14);

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = [0x00, 0xff, 0xc3, 0x0a, 0x0d, 0x2c, 0x09, 0x25, 0x5c, 0x2d, 0x23, 0x22, 0x80, 0xfe, 0x20];

type Mutation = (data: Buffer, random: () => number) => Buffer;

const MUTATIONS: Record<string, Mutation> = {
  flipBytes(data, random) {
    const out = Buffer.from(data);
    const count = 1 + Math.floor(random() * 6);
    for (let i = 0; i < count; i++) {
      out[Math.floor(random() * out.length)] = NASTY[Math.floor(random() * NASTY.length)] as number;
    }
    return out;
  },
  deleteRange(data, random) {
    const start = Math.floor(random() * data.length);
    const end = Math.min(data.length, start + 1 + Math.floor(random() * 200));
    return Buffer.concat([data.subarray(0, start), data.subarray(end)]);
  },
  insertBytes(data, random) {
    const at = Math.floor(random() * data.length);
    const junk = Buffer.from(
      Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * 256)),
    );
    return Buffer.concat([data.subarray(0, at), junk, data.subarray(at)]);
  },
  duplicateLines(data, random) {
    const lines = data.toString('latin1').split('\n');
    const pick = Math.floor(random() * lines.length);
    lines.splice(pick, 0, lines[pick] ?? '', lines[Math.floor(random() * lines.length)] ?? '');
    return Buffer.from(lines.join('\n'), 'latin1');
  },
  truncate(data, random) {
    return data.subarray(0, Math.floor(random() * data.length));
  },
  crlf(data) {
    return Buffer.from(data.toString('latin1').replaceAll('\n', '\r\n'), 'latin1');
  },
  swapDelimiters(data, random) {
    const lines = data.toString('latin1').split('\n');
    const pick = Math.floor(random() * lines.length);
    lines[pick] = (lines[pick] ?? '').replaceAll('\t', ',').replaceAll(/,(?=[^,]*$)/g, ';');
    return Buffer.from(lines.join('\n'), 'latin1');
  },
};

function nonBlankLines(data: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let end = data.indexOf(10); ; end = data.indexOf(10, start)) {
    const line = data.subarray(start, end < 0 ? data.length : end);
    const text = line.length > 0 && line[line.length - 1] === 13 ? line.subarray(0, line.length - 1) : line;
    if (text.length > 0) lines.push(text);
    if (end < 0) break;
    start = end + 1;
  }
  return lines;
}

async function originalIds(file: string): Promise<Map<string, string>> {
  const store = await freshStore();
  await importFiles([file], { store, now: () => NOW });
  const original = nonBlankLines(await fs.readFile(file));
  const ids = new Set(
    (await queryRows(store, 'SELECT request_id FROM access_logs', NOW)).map((r) => r.request_id as string),
  );
  const byLine = new Map<string, string>();
  for (const line of original) {
    const text = line.toString('utf8');
    const id = [...ids].find((candidate) =>
      text.split(/[,\t]/).some((v) => v.replaceAll('\\', '') === candidate),
    );
    if (id) byLine.set(text, id);
  }
  return byLine;
}

describe('fuzzing the real samples', () => {
  const samples = [
    'amplify_csv__logzio_fixture.csv',
    'cloudfront_tsv__aws_cloudfront_devguide_example.log',
    'cloudfront_tsv__linz_basemaps_file.process.test.log',
    'cloudfront_tsv__webreadr_log.aws',
    'cloudfront_tsv__goaccess_issue_2901.log',
    'amplify_csv__unnamed_repo_classify_test_row.csv',
  ];
  for (const [sampleIndex, sample] of samples.entries()) {
    test(`returns a row, a header or a reasoned reject for every line of ${MUTANTS_PER_SAMPLE} mutants of ${sample}`, async () => {
      const file = path.join(REAL_SAMPLES, sample);
      const original = await fs.readFile(file);
      const originalLines = nonBlankLines(original).map((line) => line.toString('latin1'));
      const firstData = originalLines.findIndex((line) => !/^(#|date,)/.test(line));
      const header = originalLines.slice(0, firstData < 0 ? originalLines.length : firstData);
      const validLines = await originalIds(file);
      const dir = await tempDir();
      const names = Object.keys(MUTATIONS);
      for (let n = 0; n < MUTANTS_PER_SAMPLE; n++) {
        const seed = 1000 * sampleIndex + n;
        const random = mulberry32(seed);
        const name = names[n % names.length] as string;
        const mutant = (MUTATIONS[name] as Mutation)(original, random);
        const gzipped = random() < 0.25;
        const target = path.join(dir, `mutant-${seed}${gzipped ? '.gz' : ''}`);
        await fs.writeFile(target, gzipped ? gzipSync(mutant) : mutant);
        const store = await freshStore();
        const summary = await importFiles([target], { store, now: () => NOW });
        const outcome = summary.files[0];
        const context = `seed ${seed} (${name}${gzipped ? ', gzipped' : ''})`;
        assert.ok(outcome, context);
        assert.doesNotMatch(outcome.note ?? '', /internal error/, `${context}: ${outcome.note}`);
        if (outcome.status === 'failed') {
          assert.match(outcome.note ?? '', /mutant-\d+(\.gz)?(: | is not | has | is corrupt)/, context);
          continue;
        }
        const lines = nonBlankLines(mutant);
        assert.equal(
          outcome.rows + outcome.headerLines + outcome.rejected,
          lines.length,
          `${context}: every line accounted for`,
        );
        const stored = new Set(
          (await queryRows(store, 'SELECT request_id FROM access_logs', NOW)).map((r) => r.request_id),
        );
        assert.equal(stored.size <= outcome.rows, true, context);
        const headerIntact = header.every((line, i) => lines[i]?.toString('latin1') === line);
        if (!headerIntact) continue;
        for (const line of lines) {
          const id = validLines.get(line.toString('utf8'));
          if (id) assert.ok(stored.has(id), `${context}: the untouched line of ${id} was kept`);
        }
      }
    });
  }
});
