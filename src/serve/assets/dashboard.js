// The dashboard page of `amplify-logs serve`. Every figure comes from /api/report, which answers
// what `report --format json` prints for the same parameters; the whole view (period, compare,
// filters) lives in the page's URL, so it can be bookmarked, shared, and walked back and forward.
// Text from the logs only ever reaches the page as textContent: nothing is parsed as HTML.

import { changeTone, formatChange, formatValue as formatPlain } from './valueFormat.js';

const SVG = 'http://www.w3.org/2000/svg';
const SERIES = [
  ['requests', 'Requests'],
  ['pageviews', 'Pageviews'],
  ['visitors', 'Visitors'],
  ['visits', 'Visits'],
];
const OP_WORDS = { '=': 'is', '!=': 'is not', '~': 'contains' };

const $ = (id) => document.getElementById(id);
let meta;
let loading = 0;

/** An element with a class and text. */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A value as the other formats show it; a list (the pages linking to a 404) as its items. */
function formatValue(kind, value) {
  return Array.isArray(value) ? value.map(itemText).join(', ') : formatPlain(kind, value);
}

/** An item of a list cell (the pages linking to a 404): its text and its count. */
function itemText(item) {
  if (item === null || typeof item !== 'object') return String(item);
  const values = Object.values(item);
  const text = values.find((v) => typeof v === 'string' || v === null);
  const count = values.find((v) => typeof v === 'number');
  return `${text ?? '(no referrer)'}${count === undefined ? '' : ` (${count})`}`;
}

/** The value at a dotted path (`scanners.clients`, `timeTaken.p50`). */
function at(object, path) {
  return path.split('.').reduce((value, key) => (value == null ? undefined : value[key]), object);
}

/** The view's parameters: the page's own query string, which is also the API's. */
function viewParams() {
  const params = new URLSearchParams(window.location.search);
  params.delete('token');
  return params;
}

function go(params) {
  const query = params.toString();
  window.history.pushState(null, '', query === '' ? window.location.pathname : `?${query}`);
  load();
}

function describe(expression) {
  const match = /^([a-z_]+)(!=|=|~)([\s\S]*)$/.exec(expression);
  if (!match) return expression;
  const [, key, op, value] = match;
  if (op === '~') return `${key} contains “${value}”`;
  return `${key} ${OP_WORDS[op]} ${value === '' ? 'missing' : value}`;
}

function addFilter(expression) {
  const params = viewParams();
  if (!params.getAll('filter').includes(expression)) params.append('filter', expression);
  go(params);
}

function removeFilter(expression) {
  const params = viewParams();
  const rest = params.getAll('filter').filter((f) => f !== expression);
  params.delete('filter');
  for (const f of rest) params.append('filter', f);
  go(params);
}

function syncControls(params) {
  const custom = params.has('from') || params.has('to');
  const range = custom ? 'custom' : (params.get('range') ?? 'week');
  $('range').value = range;
  $('custom').hidden = range !== 'custom';
  $('from').value = params.get('from') ?? '';
  $('to').value = params.get('to') ?? '';
  $('compare').checked = params.get('compare') === '1';
  $('compare').disabled = range === 'all';
  const chips = $('chips');
  chips.replaceChildren();
  for (const expression of params.getAll('filter')) {
    const chip = el('button', 'chip');
    chip.type = 'button';
    chip.setAttribute('aria-label', `Remove the filter ${describe(expression)}`);
    chip.append(el('span', '', describe(expression)), el('span', 'x', '×'));
    chip.addEventListener('click', () => removeFilter(expression));
    chips.append(chip);
  }
}

function renderTotals(report) {
  const section = $('totals');
  section.replaceChildren();
  const previous = report.comparison?.totals;
  for (const total of meta.totals) {
    const value = at(report.totals, total.path) ?? null;
    const card = el('div', 'card');
    card.dataset.total = total.key;
    card.append(el('div', 'label', total.label), el('div', 'value', formatValue(total.kind, value)));
    if (previous) {
      const before = at(previous, total.path) ?? null;
      const line = el('div', 'previous', `${formatValue(total.kind, before)} before`);
      const change = formatChange(total.kind, value, before);
      if (change !== '') {
        line.append(' · ', el('span', changeTone(total.better, total.kind, value, before), change));
      }
      card.append(line);
    }
    section.append(card);
  }
}

/** The report the chart shows, drawn again at the new width when the window is resized. */
let charted = null;
let redraw = 0;
window.addEventListener('resize', () => {
  clearTimeout(redraw);
  redraw = setTimeout(() => {
    if (charted) renderTimeSeries(charted);
  }, 100);
});

function renderTimeSeries(report) {
  charted = report;
  const section = $('timeseries');
  // Drawn at the panel's own width, so its text keeps its size on a phone and it fills a wide screen.
  const style = getComputedStyle(section);
  const inner = section.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const width = Math.max(280, Math.round(inner || 800));
  section.replaceChildren();
  const points = report.timeSeries.points;
  section.append(el('h2', '', `Traffic over time (by ${report.timeSeries.granularity})`));
  const legend = el('div', 'legend');
  SERIES.forEach(([, label], i) => {
    legend.append(el('span', `s${i + 1}`, label));
  });
  section.append(legend);
  if (points.length === 0) {
    section.append(el('p', 'empty', 'No requests in this period.'));
    return;
  }
  const height = 220;
  const pad = { left: 48, right: 8, top: 8, bottom: 22 };
  const max = Math.max(1, ...points.flatMap((p) => SERIES.map(([key]) => p[key])));
  const x = (i) =>
    pad.left + (points.length === 1 ? 0 : (i * (width - pad.left - pad.right)) / (points.length - 1));
  const y = (v) => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'chart');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute(
    'aria-label',
    `Requests, pageviews, visitors and visits by ${report.timeSeries.granularity}`,
  );
  const axis = document.createElementNS(SVG, 'line');
  axis.setAttribute('class', 'axis');
  axis.setAttribute('x1', String(pad.left));
  axis.setAttribute('x2', String(width - pad.right));
  axis.setAttribute('y1', String(y(0)));
  axis.setAttribute('y2', String(y(0)));
  svg.append(axis);
  const label = (text, tx, ty, anchor) => {
    const node = document.createElementNS(SVG, 'text');
    node.setAttribute('x', String(tx));
    node.setAttribute('y', String(ty));
    node.setAttribute('text-anchor', anchor);
    node.textContent = text;
    svg.append(node);
  };
  label(max.toLocaleString('en-US'), pad.left - 4, pad.top + 10, 'end');
  label('0', pad.left - 4, y(0), 'end');
  label(points[0].start, pad.left, height - 4, 'start');
  if (points.length > 1) label(points[points.length - 1].start, width - pad.right, height - 4, 'end');
  SERIES.forEach(([key], i) => {
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('class', `s${i + 1}`);
    line.setAttribute('points', points.map((p, j) => `${x(j).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' '));
    svg.append(line);
  });
  section.append(svg);
}

function renderPanel(panel, report) {
  const rows = at(report, panel.key) ?? [];
  const section = el('section', 'panel');
  section.id = panel.id;
  section.append(
    el('h2', '', panel.title),
    el('p', 'note', panel.note.replace('{geoSource}', report.geoSource)),
  );
  if (rows.length === 0) {
    section.append(el('p', 'empty', 'Nothing in this period.'));
    return section;
  }
  const barField = panel.columns[panel.bar]?.field;
  const most = Math.max(1, ...rows.map((row) => Number(row[barField]) || 0));
  const table = el('table');
  const head = el('tr');
  for (const column of panel.columns) {
    const th = el('th', column.kind === 'text' ? 'text' : '', column.title);
    th.scope = 'col';
    head.append(th);
  }
  table.append(el('thead'));
  table.tHead.append(head);
  const body = el('tbody');
  for (const row of rows) {
    const tr = el('tr');
    panel.columns.forEach((column, i) => {
      const value = column.field === null ? null : row[column.field];
      const text = formatValue(column.kind, value);
      const td = el('td', column.kind === 'text' ? 'text' : '');
      if (i === 0 && panel.filter) {
        const raw = row[panel.filter.field];
        const missing = raw === null || raw === undefined;
        // A missing value is filtered as missing, whatever the panel's operator.
        const expression = `${panel.filter.key}${missing ? '=' : (panel.filter.op ?? '=')}${missing ? '' : String(raw)}`;
        const button = el('button', 'row-filter', text);
        button.type = 'button';
        button.title = `Filter: ${describe(expression)}`;
        button.addEventListener('click', () => addFilter(expression));
        td.append(button);
      } else if (i === panel.bar) {
        td.className = 'barred';
        const bar = el('span', 'bar');
        bar.style.width = `${(100 * (Number(value) || 0)) / most}%`;
        td.append(bar, el('span', 'num', text));
      } else {
        td.textContent = text;
      }
      tr.append(td);
    });
    body.append(tr);
  }
  table.append(body);
  const scroll = el('div', 'scroll');
  scroll.append(table);
  section.append(scroll);
  return section;
}

function rangeText(range) {
  const span = range.from === range.to ? range.from : `${range.from} – ${range.to}`;
  return `${span} (${range.name}, ${range.days} ${range.days === 1 ? 'day' : 'days'}, UTC)`;
}

async function load() {
  const params = viewParams();
  syncControls(params);
  const ticket = ++loading;
  const status = $('status');
  status.className = '';
  status.textContent = 'Loading…';
  try {
    if (!meta) meta = await (await fetch('/api/meta')).json();
    const response = await fetch(`/api/report?${params}`);
    const body = await response.json();
    if (ticket !== loading) return;
    if (!response.ok) throw new Error(body.hint ? `${body.error}. ${body.hint}` : body.error);
    render(body);
    status.textContent = '';
  } catch (error) {
    if (ticket !== loading) return;
    status.className = 'error';
    status.textContent = `The report could not be made: ${error.message}`;
  }
}

function render(report) {
  document.title = `amplify-logs: ${rangeText(report.range)}`;
  $('range-text').textContent = `${rangeText(report.range)}${report.excludeBots ? ' · bots left out' : ''}`;
  const notes = $('notes');
  notes.replaceChildren(...report.notes.map((note) => el('p', 'note', note.text)));
  renderTotals(report);
  renderTimeSeries(report);
  $('panels').replaceChildren(...meta.panels.map((panel) => renderPanel(panel, report)));
  $('footer').textContent = `Generated ${report.generatedAt} · countries: ${report.geoSource}`;
}

$('range').addEventListener('change', () => {
  const value = $('range').value;
  if (value === 'custom') {
    $('custom').hidden = false;
    $('from').focus();
    return;
  }
  const params = viewParams();
  params.delete('from');
  params.delete('to');
  params.set('range', value);
  if (value === 'all') params.delete('compare');
  go(params);
});

$('apply').addEventListener('click', () => {
  const from = $('from').value;
  const to = $('to').value;
  if (from === '' || to === '') return;
  const params = viewParams();
  params.delete('range');
  params.set('from', from);
  params.set('to', to);
  go(params);
});

$('compare').addEventListener('change', () => {
  const params = viewParams();
  if ($('compare').checked) params.set('compare', '1');
  else params.delete('compare');
  go(params);
});

window.addEventListener('popstate', load);
load();
