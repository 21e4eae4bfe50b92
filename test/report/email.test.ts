import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type AddressObject, simpleParser } from 'mailparser';
import { importFiles } from '../../src/ingest/importFiles.js';
import type { LocalStore } from '../../src/store/LocalStore.js';
import { freshStore, runCli, tempDir } from '../helpers.js';
import { amplifyCsv } from '../ingest/logText.js';
import { checkPhone, screenshot, watchPage, withChromium } from '../support/chromium.js';
import { attackLines, IMG, SCRIPT } from './attackFixture.js';
import { fixtureLines, NOW } from './fixture.js';

const env = { AMPLIFY_LOGS_NOW: NOW.toISOString() };

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return ([] as AddressObject[]).concat(field ?? []).flatMap((a) => a.value.map((v) => v.address ?? ''));
}

describe('report --format email', () => {
  let store: LocalStore;
  let dir: string;

  before(async () => {
    dir = await tempDir();
    const logs = path.join(dir, 'logs.csv');
    await fs.writeFile(logs, amplifyCsv([...fixtureLines(), ...attackLines('2026-11-17', true)]));
    store = await freshStore();
    await importFiles([logs], { store, now: () => NOW });
  });

  const report = (...args: string[]) => runCli(['report', '--data-dir', store.location, ...args], { env });

  test('returns a MIME message with text and HTML parts and the JSON report of the last 7 full days attached', async () => {
    const out = path.join(dir, 'digest.eml');
    const run = await report(
      '--range',
      'last-week',
      '--compare',
      '--out',
      out,
      '--mail-from',
      'reports@example.com',
      '--mail-to',
      'owner@example.com, team@example.com',
      '--host',
      'www.example.com',
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, `amplify-logs: wrote the email report to ${out}\n`);
    const json = await report(
      '--range',
      'last-week',
      '--compare',
      '--host',
      'www.example.com',
      '--format',
      'json',
    );
    assert.equal(json.code, 0, json.stderr);
    const model = JSON.parse(json.stdout);
    assert.deepEqual(model.range, { from: '2026-11-14', to: '2026-11-20', days: 7, name: 'last-week' });
    assert.deepEqual([model.comparison.range.from, model.comparison.range.to], ['2026-11-07', '2026-11-13']);

    const raw = await fs.readFile(out);
    const text = raw.toString('latin1');
    assert.ok(/^[\x20-\x7e\r\n\t]*$/.test(text), 'the message is 7-bit text');
    assert.deepEqual(
      text.split('\r\n').filter((line) => line.length > 998),
      [],
      'no line longer than RFC 5322 allows',
    );
    assert.ok(!/[^\r]\n/.test(text), 'every line ends in CRLF');
    assert.match(text, /^MIME-Version: 1\.0\r$/m);
    assert.match(text, /^Content-Type: multipart\/mixed;/m);
    assert.match(text, /^Content-Type: multipart\/alternative;/m);
    assert.match(text, /^Date: Sat, 21 Nov 2026 12:00:00 \+0000\r$/m);

    const mail = await simpleParser(raw);
    assert.equal(
      mail.subject,
      `Traffic of www.example.com 2026-11-14 – 2026-11-20: ${model.totals.requests} requests (new)`,
    );
    assert.deepEqual(addresses(mail.from), ['reports@example.com']);
    assert.deepEqual(addresses(mail.to), ['owner@example.com', 'team@example.com']);
    assert.match(mail.text ?? '', /^amplify-logs report: 2026-11-14 – 2026-11-20 \(last-week, 7 days, UTC\)/);
    assert.match(mail.text ?? '', /Requests\s+21\s+0\s+new/);
    assert.match(String(mail.html), /<h2 style="[^"]*">Top pages<\/h2>/);
    assert.equal(mail.attachments.length, 1);
    const [attachment] = mail.attachments;
    assert.equal(attachment?.filename, 'amplify-logs-2026-11-14-2026-11-20.json');
    assert.equal(attachment?.contentType, 'application/json');
    assert.equal(attachment?.content.toString('utf8'), json.stdout, 'the attachment is report --format json');
  });

  test('returns the format from the .eml extension and refuses an address that is none', async () => {
    const out = path.join(dir, 'plain.eml');
    const run = await report('--range', 'last-week', '--out', out);
    assert.equal(run.code, 0, run.stderr);
    const mail = await simpleParser(await fs.readFile(out));
    assert.deepEqual(addresses(mail.from), ['amplify-logs@localhost']);
    assert.equal(mail.to, undefined);
    assert.match(mail.subject ?? '', /^Traffic 2026-11-14 – 2026-11-20: 22 requests$/);
    const bad = await report('--range', 'last-week', '--format', 'email', '--mail-to', 'not an address');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--mail-to not an address: give an e-mail address/);
  });

  test('returns an HTML part that shows every panel in Chromium with no script, image or request', async () => {
    const out = path.join(dir, 'browser.eml');
    const run = await report('--range', 'last-week', '--compare', '--out', out);
    assert.equal(run.code, 0, run.stderr);
    const mail = await simpleParser(await fs.readFile(out));
    const page = path.join(dir, 'digest.html');
    await fs.writeFile(page, String(mail.html));

    await withChromium({ width: 800, height: 900 }, async (context) => {
      const tab = await context.newPage();
      const { dialogs } = watchPage(tab);
      const requests: string[] = [];
      tab.on('request', (request) => requests.push(request.url()));
      await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
      const seen = (await tab.evaluate(`({
        scripts: document.querySelectorAll('script').length,
        images: document.querySelectorAll('img, svg, link, iframe, object').length,
        styleSheets: document.querySelectorAll('style').length,
        handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
        headings: [...document.querySelectorAll('h2')].map((h) => h.textContent),
        text: document.body.innerText,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
      })`)) as {
        scripts: number;
        images: number;
        styleSheets: number;
        handlers: number;
        headings: string[];
        text: string;
        overflow: number;
      };
      assert.deepEqual(dialogs, []);
      assert.deepEqual(requests, [pathToFileURL(page).href], 'nothing loaded but the page');
      assert.equal(seen.scripts, 0, 'no <script>, the injected one included');
      assert.equal(seen.images, 0, 'no image, SVG, sheet or frame');
      assert.equal(seen.styleSheets, 0, 'every style is inline');
      assert.equal(seen.handlers, 0, 'no on* attribute');
      assert.ok(seen.text.includes(`/${SCRIPT}`), 'the script payload shows as text');
      assert.ok(seen.text.includes(`/${IMG}`), 'the image payload shows as text');
      for (const title of [
        'Totals',
        'Traffic by day (UTC)',
        'Top pages',
        'Status codes',
        'Bots and crawlers',
        'CloudFront result types',
      ])
        assert.ok(seen.headings.includes(title), `${title} in ${seen.headings.join(', ')}`);
      await screenshot(tab, 'digest.png', true);
      await checkPhone(tab, 'digest-phone.png', 'the mail');
    });
  });
});

describe('report --format email of a busy week', () => {
  test('returns an HTML part under the 102 KB past which Gmail clips a message, with every panel at its 10 rows', async () => {
    const cwd = await tempDir();
    const demo = await runCli(['demo', '--requests', '20000', '--days', '7', '--json'], { cwd });
    assert.equal(demo.code, 0, demo.stderr);
    const out = path.join(cwd, 'week.eml');
    const made = await runCli(['report', '--range', 'all', '--format', 'email', '--out', out], { cwd });
    assert.equal(made.code, 0, made.stderr);
    const html = String((await simpleParser(await fs.readFile(out))).html);
    const full = html.match(/ more in the attached JSON\./g)?.length ?? 0;
    assert.ok(full >= 15, `panels cut at 10 rows: ${full}`);
    assert.ok(Buffer.byteLength(html) < 102 * 1024, `HTML part of ${Buffer.byteLength(html)} bytes`);
  });
});
