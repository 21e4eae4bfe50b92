import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { importFiles } from '../../src/ingest/importFiles.js';
import { buildReport } from '../../src/report/buildReport.js';
import { renderHtml } from '../../src/report/render/renderHtml.js';
import { freshStore, ROOT, tempDir } from '../helpers.js';
import { amplifyCsv } from '../ingest/logText.js';
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

    const profile = await tempDir('amplify-logs-chromium-');
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      viewport: { width: 1280, height: 900 },
    });
    try {
      const tab = await context.newPage();
      const dialogs: string[] = [];
      const errors: string[] = [];
      tab.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      tab.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      tab.on('pageerror', (error) => errors.push(error.message));
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

      const artifacts = path.join(ROOT, 'test-artifacts');
      await fs.mkdir(artifacts, { recursive: true });
      await tab.screenshot({ path: path.join(artifacts, 'report.png'), fullPage: true });
      await tab.setViewportSize({ width: 390, height: 844 });
      const overflow = (await tab.evaluate(
        'document.documentElement.scrollWidth - window.innerWidth',
      )) as number;
      assert.ok(overflow <= 0, `the page fits a phone's width (overflow ${overflow}px)`);
      await tab.screenshot({ path: path.join(artifacts, 'report-phone.png') });
    } finally {
      await context.close();
      await fs.rm(profile, { recursive: true, force: true });
    }
  });
});
