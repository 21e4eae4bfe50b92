import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { importFiles } from '../../src/ingest/importFiles.js';
import { buildReport } from '../../src/report/buildReport.js';
import { renderHtml } from '../../src/report/render/renderHtml.js';
import { freshStore, tempDir } from '../helpers.js';
import { amplifyCsv } from '../ingest/logText.js';
import { checkPhone, screenshot, watchPage, withChromium } from '../support/chromium.js';
import { attackLines, IMG, SCRIPT } from './attackFixture.js';
import { fixtureLines, NOW } from './fixture.js';

describe('HTML report in a browser', () => {
  test('returns a page with drawn charts, no dialog and no console error when log text holds scripts', async () => {
    const dir = await tempDir();
    const logs = path.join(dir, 'logs.csv');
    await fs.writeFile(logs, amplifyCsv([...fixtureLines(), ...attackLines()]));
    const store = await freshStore();
    await importFiles([logs], { store, now: () => NOW });
    const engine = await DuckDBEngine.open({ store, now: () => NOW });
    const report = await buildReport(engine, {
      range: { kind: 'period', name: 'week' },
      now: () => NOW,
    }).finally(() => engine.close());
    const page = path.join(dir, 'report.html');
    await fs.writeFile(page, renderHtml(report));

    await withChromium({ width: 1280, height: 900 }, async (context) => {
      const tab = await context.newPage();
      const { dialogs, errors } = watchPage(tab);
      await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });

      // Runs in the page (a string: the test's TypeScript has no DOM types).
      const drawn = (await tab.evaluate(`({
        charts: document.querySelectorAll('svg.chart').length,
        lines: document.querySelectorAll('svg.line-chart polyline, svg.line-chart rect.area').length,
        bars: [...document.querySelectorAll('svg.bar-chart rect.bar')].filter((r) => Number(r.getAttribute('width')) > 0).length,
        images: document.querySelectorAll('img').length,
        scripts: document.querySelectorAll('script').length,
        text: document.body.innerText,
      })`)) as { charts: number; lines: number; bars: number; images: number; scripts: number; text: string };
      assert.deepEqual(dialogs, [], 'no dialog opened');
      assert.deepEqual(errors, [], 'no console error');
      assert.ok(drawn.charts >= 8, `charts: ${drawn.charts}`);
      assert.ok(drawn.lines >= 4, 'the time series are drawn');
      assert.ok(drawn.bars >= 10, 'the bar charts are drawn');
      assert.equal(drawn.images, 0, 'the injected <img> is text, not an element');
      assert.equal(drawn.scripts, 0, 'the injected <script> is text, not an element');
      assert.ok(drawn.text.includes(`/${SCRIPT}`), 'the script payload shows as text');
      assert.ok(drawn.text.includes(`/${IMG}`), 'the image payload shows as text');
      assert.ok(drawn.text.includes('IP geolocation by DB-IP'));

      await screenshot(tab, 'report.png', true);
      await checkPhone(tab, 'report-phone.png', 'the page');
    });
  });
});
