import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as http from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { BIN, runCli } from '../helpers.js';
import { attackLines, SCRIPT } from '../report/attackFixture.js';
import { fixtureLines, NOW, storeOfLines } from '../report/fixture.js';
import { visitLines } from '../report/visitsFixture.js';
import { checkPhone, screenshot, watchPage, withChromium } from '../support/chromium.js';

const env = { AMPLIFY_LOGS_NOW: NOW.toISOString() };

interface Served {
  readonly url: URL;
  readonly child: ChildProcess;
  readonly stderr: () => string;
  stop(): Promise<number | null>;
}

/** `amplify-logs serve` from the package's bin, on a free port; resolves once it printed its URL. */
function serve(dataDir: string, ...args: string[]): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', dataDir, '--port', '0', ...args], {
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /the dashboard is at (\S+)\n/.exec(stdout);
      if (!match?.[1]) return;
      child.removeAllListeners('exit');
      resolve({
        url: new URL(match[1]),
        child,
        stderr: () => stderr,
        stop: () =>
          new Promise((done) => {
            child.once('exit', (code) => done(code));
            child.kill('SIGINT');
          }),
      });
    });
  });
}

/** A raw GET (or another method) with the Host header as given: fetch would not let a test set it. */
function request(
  url: URL,
  options: { method?: string; host?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? url.host, ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** `report`'s arguments as the API's query parameters. */
function queryOf(args: readonly string[]): URLSearchParams {
  const query = new URLSearchParams();
  for (let i = 0; i < args.length; i++) {
    const name = (args[i] as string).slice(2);
    const next = args[i + 1];
    if (next === undefined || next.startsWith('--')) query.append(name, '1');
    else {
      query.append(name, next);
      i++;
    }
  }
  return query;
}

let dataDir: string;

before(async () => {
  dataDir = (await storeOfLines([...fixtureLines(), ...visitLines(), ...attackLines()])).location;
});

describe('amplify-logs serve: the API', () => {
  let served: Served;
  before(async () => {
    served = await serve(dataDir);
  });
  after(async () => {
    assert.equal(await served.stop(), 0, 'Ctrl-C ends it cleanly');
    assert.match(served.stderr(), /the dashboard stopped\n$/);
  });

  const CASES: readonly string[][] = [
    ['--range', 'all'],
    ['--range', 'week', '--compare'],
    ['--range', 'yesterday', '--filter', 'page=/', '--exclude-bots'],
    ['--from', '2026-11-20', '--to', '2026-11-21', '--filter', 'channel=search', '--filter', 'status=2xx'],
    ['--range', 'all', '--host', 'www.example.com', '--filter', 'country!=DE', '--top', '3'],
  ];

  for (const args of CASES) {
    test(`returns what report --format json prints for ${args.join(' ')}`, async () => {
      const api = await request(new URL(`/api/report?${queryOf(args)}`, served.url));
      assert.equal(api.status, 200, api.body);
      assert.equal(api.headers['content-type'], 'application/json; charset=utf-8');
      const cli = await runCli(['report', '--data-dir', dataDir, ...args, '--format', 'json'], { env });
      assert.equal(cli.code, 0, cli.stderr);
      assert.equal(api.body, cli.stdout);
    });
  }

  test('answers the same once it holds every day in memory, which /api/status tells', async () => {
    let status: { hotDays: { days: number; of: number; bytes: number; done: boolean } | null } = {
      hotDays: null,
    };
    for (let i = 0; i < 200 && !status.hotDays?.done; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      status = JSON.parse((await request(new URL('/api/status', served.url))).body);
    }
    assert.equal(status.hotDays?.done, true, JSON.stringify(status));
    assert.equal(status.hotDays?.days, 2);
    assert.equal(status.hotDays?.of, 2);
    for (const args of CASES) {
      const api = await request(new URL(`/api/report?${queryOf(args)}`, served.url));
      const cli = await runCli(['report', '--data-dir', dataDir, ...args, '--format', 'json'], { env });
      assert.equal(api.body, cli.stdout, args.join(' '));
    }
  });

  test('returns 400 with the usage error for a bad filter or an unknown parameter', async () => {
    const bad = await request(new URL('/api/report?filter=colour%3Dred', served.url));
    assert.equal(bad.status, 400);
    assert.match(JSON.parse(bad.body).error, /unknown key "colour"/);
    const unknown = await request(new URL('/api/report?rnage=week', served.url));
    assert.equal(unknown.status, 400);
    assert.match(JSON.parse(unknown.body).error, /unknown parameter "rnage"/);
    const maybe = await request(new URL('/api/report?range=week&compare=maybe', served.url));
    assert.equal(maybe.status, 400);
    assert.match(JSON.parse(maybe.body).error, /compare="maybe": write compare=1 or compare=0/);
    const twice = await request(new URL('/api/report?range=all&range=week', served.url));
    assert.equal(twice.status, 400);
    assert.match(JSON.parse(twice.body).error, /range is given more than once/);
    const off = await request(new URL('/api/report?range=week&compare=0&exclude-bots=no', served.url));
    assert.equal(off.status, 200);
    assert.equal(JSON.parse(off.body).comparison, null);
  });

  test('serves the page, its script and style, and the module of how figures read as the reports read them', async () => {
    for (const [asset, type] of [
      ['/', /^text\/html/],
      ['/assets/dashboard.js', /^text\/javascript/],
      ['/assets/dashboard.css', /^text\/css/],
      ['/assets/valueFormat.js', /^text\/javascript/],
    ] as const) {
      const answer = await request(new URL(asset, served.url));
      assert.equal(answer.status, 200, asset);
      assert.match(answer.headers['content-type'] ?? '', type, asset);
    }
    const shared = (await request(new URL('/assets/valueFormat.js', served.url))).body;
    assert.match(shared, /export function formatChange\(/);
    assert.doesNotMatch(shared, /^import /m, 'the module imports nothing the page would have to fetch');
    assert.doesNotMatch(shared, /sourceMappingURL/, 'nor names a source map that is not served');
  });

  test('refuses other methods, other Host names, and sends its policy with every answer', async () => {
    const post = await request(new URL('/api/report', served.url), { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
    const rebound = await request(served.url, { host: `attacker.example:${served.url.port}` });
    assert.equal(rebound.status, 403);
    assert.doesNotMatch(rebound.body, /<html/);
    const page = await request(served.url, { host: `localhost:${served.url.port}` });
    assert.equal(page.status, 200);
    assert.match(
      String(page.headers['content-security-policy']),
      /script-src 'self';.*frame-ancestors 'none'/,
    );
    assert.doesNotMatch(page.body, /<script>|<style>| style=/, 'no inline script or style');
    const missing = await request(new URL('/nothing', served.url));
    assert.equal(missing.status, 404);
    assert.ok(missing.headers['content-security-policy']);
  });
});

describe('amplify-logs serve and day summaries', () => {
  test('writes none, says which days lack one, and answers the same once summarize made them', async () => {
    const store = await storeOfLines([...fixtureLines(), ...visitLines(), ...attackLines()]);
    const served = await serve(store.location);
    try {
      assert.match(served.stderr(), /2 of 2 day\(s\) have no current summary.*amplify-logs summarize/);
      const url = new URL('/api/report?range=week&compare=1', served.url);
      const fromFiles = await request(url);
      assert.equal(fromFiles.status, 200, fromFiles.body);
      assert.deepEqual(await store.list('summaries/'), [], 'the dashboard wrote no summary');
      const made = await runCli(['summarize', '--data-dir', store.location, '--json'], { env });
      assert.equal(made.code, 0, made.stderr);
      assert.deepEqual(JSON.parse(made.stdout).built, ['2026-11-20', '2026-11-21']);
      assert.equal((await store.list('summaries/')).length, 18);
      const fromSummaries = await request(url);
      assert.equal(fromSummaries.body, fromFiles.body);
    } finally {
      assert.equal(await served.stop(), 0);
    }
  });
});

describe('amplify-logs serve: binding and the token', () => {
  test('exits 2 naming the reason when another address is bound without a token', async () => {
    const run = await runCli(['serve', '--data-dir', dataDir, '--host', '0.0.0.0'], { env });
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /--host 0\.0\.0\.0 would show the store's traffic beyond this machine without a token/,
    );
    const short = await runCli(['serve', '--data-dir', dataDir, '--token', 'short'], { env });
    assert.equal(short.code, 2);
    assert.match(short.stderr, /the token is too short/);
  });

  test('holds no day in memory with --cache-mb 0, and exits 2 on a memory that is not a number', async () => {
    for (const given of ['lots', '1e3', ' 12', '-1']) {
      const bad = await runCli(['serve', '--data-dir', dataDir, `--cache-mb=${given}`], { env });
      assert.equal(bad.code, 2, given);
      assert.match(bad.stderr, /--cache-mb .*: give a whole number of megabytes \(0 for none\)/);
    }
    const served = await serve(dataDir, '--cache-mb', '0');
    try {
      assert.deepEqual(JSON.parse((await request(new URL('/api/status', served.url))).body), {
        hotDays: null,
      });
      const args = ['--range', 'all', '--filter', 'page=/'];
      const api = await request(new URL(`/api/report?${queryOf(args)}`, served.url));
      const cli = await runCli(['report', '--data-dir', dataDir, ...args, '--format', 'json'], { env });
      assert.equal(api.body, cli.stdout);
    } finally {
      assert.equal(await served.stop(), 0);
    }
  });

  test('answers only requests carrying the token, by header, by the printed URL, then by its cookie', async () => {
    const token = 'correct-horse-battery-staple';
    const served = await serve(dataDir, '--token', token);
    try {
      assert.equal(served.url.searchParams.get('token'), token);
      const api = new URL('/api/meta', served.url);
      assert.equal((await request(api)).status, 401);
      const wrong = await request(api, {
        headers: { authorization: 'Bearer correct-horse-battery-stapler' },
      });
      assert.equal(wrong.status, 401);
      const right = await request(api, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(right.status, 200);
      const page = await request(served.url);
      assert.equal(page.status, 200);
      const cookie = String(page.headers['set-cookie']);
      assert.match(cookie, /HttpOnly; SameSite=Strict/);
      const withCookie = await request(api, { headers: { cookie: cookie.split(';')[0] as string } });
      assert.equal(withCookie.status, 200);
    } finally {
      await served.stop();
    }
  });
});

/**
 * Waits until `expression` is true in the page, evaluated from outside (the dashboard's policy
 * forbids the page's own eval, which Playwright's waitForFunction would need).
 */
async function until(tab: import('playwright-core').Page, expression: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await tab.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('amplify-logs serve in a browser', () => {
  test('returns every panel narrowed to a clicked page, the filter as a removable chip, back and forward', async () => {
    const served = await serve(dataDir);
    try {
      await withChromium({ width: 1280, height: 900 }, (context) => dashboardSession(context, served));
    } finally {
      await served.stop();
    }
  });
});

/** The browser part of the dashboard test: load, click, chips, history, keyboard, phone. */
async function dashboardSession(context: BrowserContext, served: Served): Promise<void> {
  const foreign: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.host !== served.url.host && url.protocol !== 'data:') {
      foreign.push(url.href);
      return route.abort();
    }
    return route.continue();
  });
  const tab = await context.newPage();
  const { dialogs, errors } = watchPage(tab);
  const start = new URL('/?range=all', served.url);
  await tab.goto(start.href);
  await tab.waitForSelector('#top_pages tbody tr');
  const read = async () =>
    (await tab.evaluate(`({
          url: location.search,
          chips: [...document.querySelectorAll('.chip')].map((c) => c.textContent),
          requests: document.querySelector('[data-total="requests"] .value').textContent,
          pages: [...document.querySelectorAll('#top_pages tbody tr')].map((r) => r.cells[0].textContent),
          statuses: [...document.querySelectorAll('#status_codes tbody tr')].map((r) => r.cells[0].textContent),
          text: document.body.innerText,
          scripts: document.querySelectorAll('script').length,
          images: document.querySelectorAll('img').length,
        })`)) as {
      url: string;
      chips: string[];
      requests: string;
      pages: string[];
      statuses: string[];
      text: string;
      scripts: number;
      images: number;
    };
  const before = await read();
  assert.ok(before.pages.length > 1, 'several top pages');
  assert.equal(before.scripts, 1, 'the one script is the dashboard’s own');
  assert.equal(before.images, 0);
  assert.ok(before.text.includes(`/${SCRIPT}`), 'the script payload shows as text');

  // Click a top page that is not the first: every panel narrows to it.
  const target = before.pages[1] as string;
  await tab.click(`#top_pages tbody tr:nth-child(2) .row-filter`);
  await until(
    tab,
    `document.querySelectorAll('.chip').length === 1 && document.getElementById('status').textContent === ''`,
  );
  const filtered = await read();
  const state = new URLSearchParams(filtered.url);
  assert.deepEqual([...state.keys()], ['range', 'filter']);
  assert.deepEqual(state.getAll('filter'), [`page=${target}`]);
  assert.deepEqual(filtered.pages, [target]);
  assert.deepEqual(filtered.chips, [`page is ${target}×`]);
  const api = JSON.parse(
    (
      await request(
        new URL(`/api/report?range=all&filter=${encodeURIComponent(`page=${target}`)}`, served.url),
      )
    ).body,
  );
  assert.equal(filtered.requests, api.totals.requests.toLocaleString('en-US'));
  assert.notEqual(filtered.requests, before.requests);
  await screenshot(tab, 'dashboard.png', true);

  // The chip removes the filter; back brings it again; forward removes it again.
  await tab.click('.chip');
  await until(
    tab,
    `document.querySelectorAll('.chip').length === 0 && document.getElementById('status').textContent === ''`,
  );
  assert.equal((await read()).requests, before.requests);
  await tab.goBack();
  await until(
    tab,
    `document.querySelectorAll('.chip').length === 1 && document.getElementById('status').textContent === ''`,
  );
  assert.deepEqual((await read()).pages, [target]);
  await tab.goForward();
  await until(
    tab,
    `document.querySelectorAll('.chip').length === 0 && document.getElementById('status').textContent === ''`,
  );

  // The keyboard reaches the period picker and a row's filter.
  await tab.focus('#range');
  await tab.selectOption('#range', 'yesterday');
  await until(
    tab,
    `location.search === '?range=yesterday' && document.getElementById('status').textContent === ''`,
  );
  await tab.focus('#top_pages .row-filter');
  await tab.keyboard.press('Enter');
  await until(tab, `document.querySelectorAll('.chip').length === 1`);

  // Compared with the day before, each change is coloured by whether it moved for the better.
  await tab.goto(new URL('/?range=today&compare=1', served.url).href);
  await until(
    tab,
    `document.querySelector('[data-total="bounceRate"] .previous') !== null && document.getElementById('status').textContent === ''`,
  );
  const tones = (await tab.evaluate(
    `Object.fromEntries([...document.querySelectorAll('[data-total]')].map((card) => [card.dataset.total, card.querySelector('.previous span')?.className ?? null]))`,
  )) as Record<string, string | null>;
  const compared = JSON.parse((await request(new URL('/api/report?range=today&compare=1', served.url))).body);
  const [now, then] = [compared.totals, compared.comparison.totals];
  assert.ok(
    now.visitors !== then.visitors && now.bounceRate !== then.bounceRate,
    "the fixture's days differ",
  );
  assert.equal(tones.visitors, now.visitors > then.visitors ? 'better' : 'worse');
  assert.equal(tones.bounceRate, now.bounceRate > then.bounceRate ? 'worse' : 'better');
  assert.equal(tones.requests, '', 'more requests are neither good nor bad news');

  await tab.emulateMedia({ colorScheme: 'dark' });
  await checkPhone(tab, 'dashboard-phone-dark.png', 'the page');
  assert.deepEqual(dialogs, [], 'no dialog opened');
  assert.deepEqual(errors, [], 'no console error');
  assert.deepEqual(foreign, [], 'nothing asked of another host');
}
