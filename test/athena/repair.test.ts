import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runQuery } from '../../src/athena/runQuery.js';
import { addDays } from '../../src/engine/periods.js';
import { repairRaw } from '../../src/lake/repair.js';
import { logLine } from '../ingest/logText.js';
import {
  type AthenaSetup,
  importLines,
  NO_WAIT,
  putRawWindow,
  RESULTS,
  runSetup,
  startAthena,
} from './support.js';

const NOW = new Date('2026-03-31T10:00:00Z');

describe('repair of the raw table', () => {
  let athena: AthenaSetup;
  before(async () => {
    athena = await startAthena({ now: () => NOW });
    await runSetup(athena);
    for (const day of ['2026-03-05', '2026-03-30', '2026-03-31']) {
      await putRawWindow(athena.store, day, '10-11', [logLine({ date: day, 'x-edge-request-id': day })]);
    }
    await importLines(athena.store, [logLine({ 'x-edge-request-id': 'imported' })], NOW);
  });
  after(() => athena.stop());

  const repair = (options: { msck?: boolean; since?: string } = {}) =>
    repairRaw({
      config: athena.config,
      store: athena.store,
      client: athena.client,
      run: NO_WAIT,
      ...options,
    });

  const partitions = async () => {
    const outcome = await runQuery(
      athena.client,
      { sql: 'SHOW PARTITIONS access_logs_raw', database: 'amplify_logs', outputLocation: RESULTS },
      NO_WAIT,
    );
    assert.equal(outcome.statementType, 'UTILITY');
    return outcome.rows.map((row) => row[0]);
  };

  test('returns the days from --since on when registering them', async () => {
    const result = await repair({ since: '2026-03-30' });
    assert.deepEqual(result.days, ['2026-03-30', '2026-03-31']);
    assert.deepEqual(await partitions(), ['year=2026/month=03/day=30', 'year=2026/month=03/day=31']);
  });

  test('returns every day folder of raw/ registered once, imports left out, when run again', async () => {
    assert.deepEqual((await repair()).days, ['2026-03-05', '2026-03-30', '2026-03-31']);
    await repair();
    assert.deepEqual(await partitions(), [
      'year=2026/month=03/day=05',
      'year=2026/month=03/day=30',
      'year=2026/month=03/day=31',
    ]);
    const rows = await runQuery(
      athena.client,
      {
        sql: 'SELECT request_id FROM access_logs_raw_decoded ORDER BY 1',
        database: 'amplify_logs',
        outputLocation: RESULTS,
      },
      NO_WAIT,
    );
    assert.deepEqual(rows.rows, [['2026-03-05'], ['2026-03-30'], ['2026-03-31']]);
  });

  test('returns nothing added by MSCK REPAIR TABLE when the days are registered, values spelled alike', async () => {
    await putRawWindow(athena.store, '2026-02-01', '00-01', [logLine({ date: '2026-02-01' })]);
    const result = await repair({ msck: true });
    assert.deepEqual(result.days, ['2026-02-01']);
    assert.equal((await partitions()).length, 4);
  });

  test('returns one statement a hundred days when there are more', async () => {
    for (let i = 0; i < 150; i++) {
      const day = addDays('2025-06-01', i);
      await athena.store.putBytes(
        `raw/${day.replace(/(\d+)-(\d+)-(\d+)/, 'year=$1/month=$2/day=$3')}/x.csv.gz`,
        '',
      );
    }
    const result = await repair({ since: '2025-06-01' });
    assert.equal(result.days.length, 154);
    assert.equal(result.statements, 2);
  });
});
