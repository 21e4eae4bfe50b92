import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { buildReport } from '../../src/report/buildReport.js';
import type { Report } from '../../src/report/model.js';
import { html, raw } from '../../src/report/render/html.js';
import { renderCsv } from '../../src/report/render/renderCsv.js';
import { renderHtml } from '../../src/report/render/renderHtml.js';
import { renderJson } from '../../src/report/render/renderJson.js';
import { renderText } from '../../src/report/render/renderText.js';
import { panelTables } from '../../src/report/render/tables.js';
import { fixtureStore, NOW } from './fixture.js';

let report: Report;

before(async () => {
  const engine = await DuckDBEngine.open({ store: await fixtureStore(), now: () => NOW });
  report = await buildReport(engine, {
    range: { kind: 'period', name: 'today' },
    compare: true,
    now: () => NOW,
  });
  report = {
    ...report,
    ...(await buildReport(engine, { range: { kind: 'all' }, now: () => NOW })),
    comparison: report.comparison,
  };
  await engine.close();
});

/** The report with log text a terminal, a spreadsheet or a browser must not obey. */
function hostile(): Report {
  return {
    ...report,
    topPages: [
      { uri: '/\u001b[2J\u001b[31mred', requests: 3, pageviews: 2 },
      { uri: '=HYPERLINK("http://evil.example","x")', requests: 2, pageviews: 1 },
      { uri: '/a,"b"\nc', requests: 1, pageviews: 1 },
    ],
    referrers: [{ referrer: '"><img src=x onerror=alert(1)>', requests: 1 }],
  };
}

describe('renderJson', () => {
  test('returns one object with the range, totals, status codes, top pages and referrers', () => {
    const json = JSON.parse(renderJson(report));
    assert.deepEqual(json.range, { from: '2026-11-20', to: '2026-11-21', days: 2, name: 'all' });
    assert.deepEqual(
      {
        requests: json.totals.requests,
        pageviews: json.totals.pageviews,
        visitors: json.totals.visitors,
        bytes: json.totals.bytes,
      },
      { requests: 17, pageviews: 5, visitors: 5, bytes: 18360 },
    );
    assert.deepEqual(json.statusCodes[1], { status: 200, requests: 10, bytes: 12610 });
    assert.deepEqual(json.topPages[0], { uri: '/', requests: 6, pageviews: 4 });
    assert.deepEqual(Object.keys(json.referrers[0]), ['referrer', 'requests']);
    assert.equal(json.comparison.totals.requests, 16);
  });
});

describe('renderCsv', () => {
  test('returns one section a panel, each a # line, a header and its rows', () => {
    const sections = renderCsv(report)
      .split('\r\n\r\n')
      .map((s) => s.split('\r\n').filter((line) => line !== ''));
    const ids = sections.map((s) => s[0]);
    assert.deepEqual(ids.slice(0, 4), ['# range', '# filters', '# notes', '# totals']);
    assert.deepEqual(
      ids.slice(4),
      panelTables(report).map((t) => `# ${t.id}`),
    );
    const totals = sections[3] ?? [];
    assert.equal(totals[1], 'metric,value,previous');
    assert.equal(totals[2], 'requests,17,16');
    const status = sections.find((s) => s[0] === '# status_codes') ?? [];
    assert.deepEqual(status.slice(1, 3), ['status,requests,data', '0,1,5000']);
  });

  test('returns quoted fields and defused formulas when log text holds commas, quotes and =', () => {
    const csv = renderCsv(hostile());
    assert.ok(csv.includes('"\'=HYPERLINK(""http://evil.example"",""x"")",1,2'));
    assert.ok(csv.includes('"/a,""b""\nc",1,1'));
  });
});

describe('renderText', () => {
  test('returns lines that fit the width and no escape code when colour is off', () => {
    for (const width of [40, 72, 100, 160]) {
      const text = renderText(hostile(), { width, color: false });
      const long = text.split('\n').filter((line) => [...line].length > width);
      assert.deepEqual(long, [], `width ${width}`);
      assert.ok(!text.includes('\u001b'), 'no escape character');
    }
  });

  test('returns control characters from logs as visible escapes and bars for every panel', () => {
    const text = renderText(hostile(), { width: 100, color: false });
    assert.ok(text.includes('/\\x1b[2J\\x1b[31mred'));
    assert.ok(text.includes('█'));
    for (const table of panelTables(report)) assert.ok(text.includes(table.title), table.title);
    assert.match(text, /Requests\s+17\s+16\s+\+6\.3%/);
  });

  test('returns ANSI colour only when colour is on', () => {
    const text = renderText(report, { width: 100, color: true });
    assert.ok(text.includes('\u001b[1m'));
    assert.equal(text.split('\u001b[').length % 2, 1, 'every colour is reset');
  });
});

describe('renderHtml', () => {
  test('returns one page with no script, no external resource and every log value escaped', () => {
    const page = renderHtml(hostile());
    assert.ok(page.startsWith('<!doctype html>'));
    assert.ok(!/<script/i.test(page));
    assert.ok(!/\b(src|href)="(https?:)?\/\/(?!db-ip\.com)/.test(page), 'no external resource');
    assert.ok(page.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(!page.includes('<img'));
    assert.ok(page.includes('Content-Security-Policy" content="default-src \'none\''));
    assert.ok(page.includes('IP geolocation by DB-IP'));
    assert.ok((page.match(/<svg class="chart/g) ?? []).length >= 8);
  });

  test('returns escaped text from the html tag and markup only through raw', () => {
    const value = '<b>"x" & \'y\'</b>';
    assert.equal(
      html`<p title="${value}">${value}</p>`.value,
      '<p title="&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;">&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;</p>',
    );
    assert.equal(
      html`<ul>${['<a>', raw('<li>ok</li>'), null, false, 3]}</ul>`.value,
      '<ul>&lt;a&gt;<li>ok</li>3</ul>',
    );
  });
});
