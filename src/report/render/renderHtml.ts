import type { Report } from '../model.js';
import { changeTone, formatChange, formatPrivacy, formatRange, formatValue, scopeParts } from './format.js';
import { type Html, html, raw } from './html.js';
import { REPORT_CSS } from './reportCss.js';
import { barChart, lineChart } from './svgCharts.js';
import { type PanelTable, panelTables, totalRows } from './tables.js';

/** The time-series measures, one small chart each. */
const SERIES = [
  { key: 'requests', title: 'Requests', kind: 'count' },
  { key: 'pageviews', title: 'Pageviews', kind: 'count' },
  { key: 'visitors', title: 'Visitors', kind: 'count' },
  { key: 'visits', title: 'Visits', kind: 'count' },
  { key: 'bytes', title: 'Data sent', kind: 'bytes' },
] as const;

/**
 * The report as one self-contained HTML page: inline CSS, charts as inline SVG, no script, no
 * font, no request to anywhere (a Content-Security-Policy says so, so even a value that slipped
 * through could not run). Every value from the logs goes through the escaping `html` template.
 * Readable on a phone: the panels flow into one column and tables scroll sideways.
 */
export function renderHtml(report: Report): string {
  const title = `Traffic report ${report.range.from === report.range.to ? report.range.from : `${report.range.from} – ${report.range.to}`}`;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="amplify-logs">
<title>${title}</title>
<style>${raw(REPORT_CSS)}</style>
</head>
<body>
<header>
<h1>${title}</h1>
<p class="sub">${formatRange(report.range)}${filtersText(report)}</p>
${report.notes.map((note) => html`<p class="note" role="note">${note.text}</p>`)}
</header>
<main>
${totalsSection(report)}
${timeSeriesSection(report)}
<div class="grid">
${panelTables(report)
  .filter((table) => table.id !== 'traffic_over_time')
  .map(panelSection)}
</div>
</main>
${footer(report)}
</body>
</html>
`;
  return page.value;
}

function filtersText(report: Report): string {
  const parts = [...scopeParts(report), formatPrivacy(report.privacy)];
  return parts.length === 0 ? '' : ` · ${parts.join(' · ')}`;
}

function totalsSection(report: Report): Html {
  const compare = report.comparison;
  const cards = totalRows(report).map((row) => {
    const change = formatChange(row.kind, row.value, row.previous);
    const tone = changeTone(row.better, row.kind, row.value, row.previous);
    return html`<div class="card"><div class="label">${row.label}</div><div class="value">${formatValue(row.kind, row.value)}</div>${
      compare
        ? html`<div class="previous">${formatValue(row.kind, row.previous)} before${change === '' ? '' : html` · <span${tone === '' ? '' : html` class="${tone}"`}>${change}</span>`}</div>`
        : ''
    }</div>`;
  });
  return html`<section class="totals" id="totals">
<h2>Totals</h2>
${compare ? html`<p class="note">Beside the previous ${compare.range.days} days: ${formatRange(compare.range)}.</p>` : ''}
<div class="cards">${cards}</div>
</section>`;
}

function timeSeriesSection(report: Report): Html {
  const points = report.timeSeries.points;
  const hourly = report.timeSeries.granularity === 'hour';
  const label = (start: string) => (hourly ? `${start.slice(5, 10)} ${start.slice(11, 16)}` : start.slice(5));
  const charts = SERIES.map(
    (series) =>
      html`<figure><figcaption>${series.title}</figcaption>${lineChart(
        points.map((p) => ({ label: label(p.start), value: p[series.key] })),
        series.kind,
        series.title,
      )}</figure>`,
  );
  const table = panelTables(report).find((t) => t.id === 'traffic_over_time');
  return html`<section class="panel wide" id="traffic_over_time">
<h2>Traffic by ${hourly ? 'hour' : 'day'} (UTC)</h2>
<p class="note">Visitors count in the bucket of their first request of the day; visits in that of their start.</p>
<div class="series">${charts}</div>
${table ? html`<details><summary>Table</summary>${tableHtml(table)}</details>` : ''}
</section>`;
}

function panelSection(table: PanelTable): Html {
  const column = table.columns[table.bar];
  const chart =
    table.chart && table.rows.length > 0 && column
      ? barChart(
          table.rows.slice(0, 10).map((row) => ({
            label: formatValue('text', row[0] ?? null),
            value: Number(row[table.bar] ?? 0),
          })),
          column.kind,
          table.title,
        )
      : '';
  return html`<section class="panel" id="${table.id}">
<h2>${table.title}</h2>
<p class="note">${table.note}</p>
${chart}
${table.rows.length === 0 ? html`<p class="empty">Nothing in this range.</p>` : tableHtml(table)}
</section>`;
}

function tableHtml(table: PanelTable): Html {
  const max = Math.max(0, ...table.rows.map((row) => Number(row[table.bar] ?? 0)));
  const head = table.columns.map(
    (c) => html`<th class="${c.kind === 'text' ? 'text' : 'num'}">${c.title}</th>`,
  );
  const rows = table.rows.map((row) => {
    const share = max === 0 ? 0 : (Number(row[table.bar] ?? 0) / max) * 100;
    const cells = table.columns.map((c, i) => {
      const text = formatValue(c.kind, row[i] ?? null);
      if (i !== table.bar) return html`<td class="${c.kind === 'text' ? 'text' : 'num'}">${text}</td>`;
      return html`<td class="num bar-cell"><span class="bar" style="width:${share.toFixed(1)}%"></span><span class="n">${text}</span></td>`;
    });
    return html`<tr>${cells}</tr>`;
  });
  return html`<div class="table"><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

function footer(report: Report): Html {
  const geo =
    report.geoSource === 'DB-IP Lite'
      ? html`<a href="https://db-ip.com">IP geolocation by DB-IP</a> (CC BY 4.0)`
      : html`IP geolocation from the ${report.geoSource}`;
  return html`<footer>
<p>Generated by amplify-logs on ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC from Amplify Hosting access logs. ${geo}.</p>
<p>Pageviews: GET requests answered 200 with an HTML page, not from bots. Visitors: distinct client IP, UTC day and user agent among requests not from bots. Bot share: requests from bots (a named bot, a bot for isbot, or no user agent) over all requests. Error rate: requests answered 5xx over all requests. Cache hit ratio: Hit, RefreshHit and OriginShieldHit over those plus Miss.</p>
</footer>`;
}
