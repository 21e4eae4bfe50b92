import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { importFiles } from '../../src/ingest/importFiles.js';
import { FAST_IMPORT } from '../../src/ingest/importProfile.js';
import { freshStore, queryRows, tempDir } from '../helpers.js';
import { amplifyCsv, logLine } from './logText.js';

const NOW = new Date('2026-11-25T12:00:00Z');

/** User agents as Amplify writes them, and what the curated table must hold for each. */
const AGENTS: readonly [raw: string, decoded: string | null][] = [
  ['Mozilla/5.0%20\\(X11;%20Linux%20x86_64)', 'Mozilla/5.0 (X11; Linux x86_64)'],
  ['curl/8.4.0', 'curl/8.4.0'],
  ['-', null],
  ['Agent%20%E2%9C%93', 'Agent ✓'],
  ['Back\\slash%5C', 'Backslash\\'],
  // Not UTF-8 once decoded: the value keeps its text, without the backslash escapes.
  ['bad%E0%A4\\(x', 'bad%E0%A4(x'],
  ['plain\\(escaped)', 'plain(escaped)'],
];

/** Rows whose agents come in turn, so a sample of the first rows meets only some of them. */
function lines(): string[] {
  return Array.from({ length: 40 }, (_, i) => {
    const [agent] = AGENTS[i < 6 ? i % 2 : i % AGENTS.length] as (typeof AGENTS)[number];
    return logLine({
      'x-edge-request-id': `id${i}`,
      time: `10:${String(i).padStart(2, '0')}:00`,
      'cs(User-Agent)': agent,
    });
  });
}

async function importWith(file: string, agentSampleRows: number) {
  const store = await freshStore();
  const summary = await importFiles([file], {
    store,
    now: () => NOW,
    profile: { ...FAST_IMPORT, agentSampleRows },
  });
  // Each line read once: a join that repeated a row would show as rows read and duplicates.
  assert.deepEqual([summary.rowsRead, summary.rowsImported, summary.duplicates], [40, 40, 0]);
  return queryRows(store, 'SELECT * FROM access_logs ORDER BY request_id', NOW);
}

describe('user agents decoded ahead', () => {
  test('gives the same rows whether an agent was in the sample, outside it, or there is no sample', async () => {
    const file = path.join(await tempDir(), 'agents.csv');
    await fs.writeFile(file, amplifyCsv(lines()));
    const everyRow = await importWith(file, 0);
    const firstRows = await importWith(file, 3);
    const wholeFile = await importWith(file, FAST_IMPORT.agentSampleRows);
    assert.equal(everyRow.length, 40);
    assert.deepEqual(firstRows, everyRow);
    assert.deepEqual(wholeFile, everyRow);
    const decoded = new Map(everyRow.map((row) => [row.request_id, row.user_agent]));
    lines().forEach((_, i) => {
      const expected = AGENTS[i < 6 ? i % 2 : i % AGENTS.length]?.[1];
      assert.equal(decoded.get(`id${i}`), expected, `id${i}`);
    });
  });
});
