import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { buildReport } from '../../src/report/buildReport.js';
import type { Report } from '../../src/report/model.js';
import { changeTone, formatChange } from '../../src/report/render/format.js';
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

describe('formatChange and changeTone', () => {
  test("return a ratio's change with the decimals a small ratio needs", () => {
    assert.equal(formatChange('ratio', 0.25, 0.2), '+5.0 pt');
    assert.equal(formatChange('ratio', 0.00042, 0.00074), '−0.03 pt');
    assert.equal(formatChange('ratio', 0.00042, 0.00045), '−0.003 pt');
    assert.equal(formatChange('ratio', 0.1, 0.1), '+0.0 pt');
    assert.equal(formatChange('ratio', 0.3, 0.1 + 0.2), '+0.0 pt', 'no sign of float noise');
    assert.equal(formatChange('ratio', 0.5, 0.500001), '+0.0 pt', 'a ten-thousandth of a point is none');
    assert.equal(changeTone('lower', 'ratio', 0.5, 0.500001), '', 'nor is it coloured');
    assert.equal(formatChange('ratio', 0.100996, 0.1), '+0.1 pt', '0.0996 pt rounds as 0.1 does');
    assert.equal(formatChange('count', 150, 200), '−25.0%');
    assert.equal(formatChange('count', 3, 0), 'new');
  });

  test('return better or worse by the way a total is better, and nothing without one', () => {
    assert.equal(changeTone('higher', 'count', 120, 100), 'better');
    assert.equal(changeTone('higher', 'count', 80, 100), 'worse');
    assert.equal(changeTone('lower', 'ratio', 0.6, 0.5), 'worse', 'a bounce rate going up');
    assert.equal(changeTone('lower', 'seconds', 0.012, 0.015), 'better', 'time taken going down');
    assert.equal(changeTone('neither', 'count', 120, 100), '');
    assert.equal(changeTone('higher', 'count', 100, 100), '');
    assert.equal(changeTone('higher', 'count', 100, null), '');
    assert.equal(changeTone('lower', 'ratio', null, 1), '');
  });
});

describe('renderHtml', () => {
  test("returns each total's change coloured by whether it moved for the better", () => {
    // The fixture's today against yesterday (test/report/golden/today-compare.txt): the bounce
    // rate rose (worse), both error rates fell (better), the cache hit ratio rose
    // (better); requests and the bot share are neither.
    const page = renderHtml(report);
    const change = (label: string) => {
      const card = new RegExp(
        `<div class="label">${label}</div><div class="value">[^<]*</div><div class="previous">[^<]*· <span( class="(\\w+)")?>`,
      ).exec(page);
      assert.ok(card, `a card for ${label} with a change`);
      return card[2] ?? '';
    };
    assert.equal(change('Bounce rate'), 'worse');
    assert.equal(change('Error rate \\(5xx\\)'), 'better');
    assert.equal(change('Client errors \\(4xx\\)'), 'better');
    assert.equal(change('Cache hit ratio'), 'better');
    assert.equal(change('Requests'), '');
    assert.equal(change('Bot share'), '');
  });

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
