import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { openCountryLookup } from '../../src/format/address/CountryLookup.js';
import { importFiles } from '../../src/ingest/importFiles.js';
import { REPORT_COLUMNS } from '../../src/report/queries/scope.js';
import { dashboardApp } from '../../src/serve/dashboardServer.js';
import { DEFAULT_PRIVACY } from '../../src/store/privacy.js';
import { tempDir } from '../helpers.js';
import { amplifyCsv, logLines } from '../ingest/logText.js';
import { fixtureLines, NOW, storeOfLines } from '../report/fixture.js';

const HOST = '127.0.0.1:8484';

test('lists the store again in place: a changed day is read from its new file, the others stay in memory', async () => {
  const store = await storeOfLines([...fixtureLines(), ...logLines(2, 'older-', '2026-11-18')]);
  const open = () =>
    DuckDBEngine.open({
      store,
      now: () => NOW,
      hot: { memoryBytes: 64 * 1024 * 1024, columns: REPORT_COLUMNS },
    });
  let opened = 0;
  const lookup = openCountryLookup();
  const dashboard = dashboardApp({
    openEngine: () => {
      opened++;
      return open();
    },
    now: () => NOW,
    countries: () => lookup,
    privacy: async () => DEFAULT_PRIVACY,
    hosts: new Set([HOST]),
    refreshMs: 0,
  });
  after(() => dashboard.close());
  const get = async (url: string) => {
    const response = await dashboard.app.request(`http://${HOST}${url}`, { headers: { host: HOST } });
    assert.equal(response.status, 200);
    return (await response.json()) as Record<string, unknown>;
  };
  const requests = async () =>
    ((await get('/api/report?range=all')) as { totals: { requests: number } }).totals.requests;
  const status = async () =>
    (await get('/api/status')).hotDays as { days: number; of: number; done: boolean };

  const before = await requests();
  for (let i = 0; i < 100 && !(await status()).done; i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(
    { ...(await status()), bytes: undefined },
    { days: 3, of: 3, done: true, bytes: undefined },
  );
  assert.equal(await requests(), before, 'the same from memory');

  const file = path.join(await tempDir(), 'more.csv');
  await fs.writeFile(file, amplifyCsv(logLines(4, 'later-', '2026-11-20')));
  await importFiles([file], { store, now: () => NOW });
  assert.equal(await requests(), before + 4, 'the changed day read again');
  const after4 = await status();
  assert.equal(after4.of, 3);
  assert.ok(after4.days >= 2, `the unchanged days are still held: ${JSON.stringify(after4)}`);
  for (let i = 0; i < 100 && !(await status()).done; i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal((await status()).days, 3, 'and the changed one is copied again');
  assert.equal(await requests(), before + 4);
  assert.equal(opened, 1, 'one engine, listed again in place');
});
