import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { GOACCESS_AMPLIFY_ARGS, GOACCESS_PARITY_ARGS } from '../../bench/lib/goaccess.js';
import { writeAmplifyCsvFile } from '../../src/demo/sim/demoFiles.js';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { importFiles } from '../../src/ingest/importFiles.js';
import { buildReport } from '../../src/report/buildReport.js';
import { classifyAgent } from '../../src/report/enrich/classifyAgent.js';
import { freshStore, tempDir } from '../helpers.js';

const run = promisify(execFile);
const NOW = new Date('2026-11-25T12:00:00Z');

interface GoAccessReport {
  general: {
    total_requests: number;
    valid_requests: number;
    failed_requests: number;
    unique_visitors: number;
    bandwidth: number;
  };
  status_codes: { data: { items: { data: string; hits: { count: number } }[] }[] };
}

/** GoAccess (Debian's, on PATH) on an Amplify CSV, with the parity flags, as its JSON report. */
async function goaccess(file: string): Promise<GoAccessReport> {
  const out = `${file}.json`;
  await run('goaccess', [file, ...GOACCESS_AMPLIFY_ARGS, ...GOACCESS_PARITY_ARGS, '-o', out]);
  return JSON.parse(await fs.readFile(out, 'utf8'));
}

/** GoAccess's status panel as `{ code: requests }`; its `Unknown` group holds the `000` lines. */
function goaccessStatuses(report: GoAccessReport): Record<string, number> {
  const codes: Record<string, number> = {};
  for (const group of report.status_codes.data) {
    for (const item of group.items) {
      const code = /^\d{3}/.exec(item.data)?.[0] ?? '0';
      codes[String(Number(code))] = (codes[String(Number(code))] ?? 0) + item.hits.count;
    }
  }
  return codes;
}

/** The user agent field of an Amplify CSV line, decoded as the import decodes it. */
function userAgentOf(line: string): string | null {
  const field = (line.split(',')[10] ?? '-').replaceAll('\\', '');
  if (field === '-' || field === '-0') return null;
  try {
    return decodeURIComponent(field);
  } catch {
    return field;
  }
}

describe('GoAccess parity', () => {
  test('returns the requests, bytes, status codes and visitors GoAccess counts on the same file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'amplify.csv');
    await writeAmplifyCsvFile(file, {
      seed: 11,
      start: new Date('2026-11-01T00:00:00Z'),
      end: new Date('2026-11-04T00:00:00Z'),
      requests: 20_000,
    });
    const store = await freshStore();
    await importFiles([file], { store, now: () => NOW });
    const engine = await DuckDBEngine.open({ store, now: () => NOW });
    const report = await buildReport(engine, { range: { kind: 'all' }, now: () => NOW }).finally(() =>
      engine.close(),
    );

    const theirs = await goaccess(file);
    assert.equal(theirs.general.failed_requests, 1, 'GoAccess reads every line but the header');
    assert.equal(report.totals.requests, 20_000);
    assert.equal(report.totals.requests, theirs.general.valid_requests);
    assert.equal(report.totals.bytes, theirs.general.bandwidth);
    const ours = Object.fromEntries(report.statusCodes.map((s) => [String(s.status), s.requests]));
    assert.deepEqual(ours, goaccessStatuses(theirs));

    // Visitors: GoAccess's unique visitors (IP + date + user agent, 4xx included) on the same
    // lines less those from bots, which our visitors leave out.
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    const humans = lines.filter(
      (line, i) => i === 0 || (line !== '' && !classifyAgent(userAgentOf(line)).bot),
    );
    const humanFile = path.join(dir, 'humans.csv');
    await fs.writeFile(humanFile, `${humans.join('\n')}\n`);
    const human = await goaccess(humanFile);
    assert.ok(humans.length < lines.length - 1000, 'the simulated file has bot traffic to leave out');
    assert.ok(report.totals.visitors > 1000);
    assert.equal(report.totals.visitors, human.general.unique_visitors);
  });
});
