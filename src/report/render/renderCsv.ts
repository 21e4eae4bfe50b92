import type { Report } from '../model.js';
import { type PanelTable, panelTables, type TableCell, totalRows } from './tables.js';

/**
 * The report as CSV, one section a panel: a `# <panel id>` line, a header line, the rows, then an
 * empty line. Fields follow RFC 4180 (quoted when they hold a comma, quote or line break); numbers
 * are raw (bytes in bytes, ratios from 0 to 1, times in seconds); an empty field is NULL. Text
 * from the logs that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab
 * or carriage return) gets a leading `'`.
 */
export function renderCsv(report: Report): string {
  const sections = [
    rangeSection(report),
    filtersSection(report),
    notesSection(report),
    totalsSection(report),
    ...panelTables(report).map(tableSection),
  ];
  return sections.join('\r\n');
}

function rangeSection(report: Report): string {
  const { range } = report;
  return section(
    'range',
    ['from', 'to', 'days', 'name', 'exclude_bots', 'anonymize_ip', 'raw_days', 'keep_months'],
    [
      [
        range.from,
        range.to,
        range.days,
        range.name,
        report.excludeBots ? 'true' : 'false',
        String(report.privacy.anonymizeIp),
        String(report.privacy.rawDays),
        String(report.privacy.keepMonths),
      ],
    ],
  );
}

const OP_WORDS = { '=': 'is', '!=': 'is not', '~': 'contains' } as const;

/** One row per filter: `key`, `op` (is, is not, contains: a cell may not start with `=`), `value`. */
function filtersSection(report: Report): string {
  return section(
    'filters',
    ['key', 'op', 'value'],
    report.filters.map((f) => [f.key, OP_WORDS[f.op], f.value]),
  );
}

/** One row per note: `code`, `text`. */
function notesSection(report: Report): string {
  return section(
    'notes',
    ['code', 'text'],
    report.notes.map((n) => [n.code, n.text]),
  );
}

function totalsSection(report: Report): string {
  const compare = report.comparison !== null;
  const header = compare ? ['metric', 'value', 'previous'] : ['metric', 'value'];
  const rows = totalRows(report).map((row) =>
    compare ? [row.key, row.value, row.previous ?? null] : [row.key, row.value],
  );
  return section('totals', header, rows);
}

function tableSection(table: PanelTable): string {
  return section(
    table.id,
    table.columns.map((c) => c.title.toLowerCase().replaceAll(' ', '_')),
    table.rows,
  );
}

function section(id: string, header: readonly string[], rows: readonly (readonly TableCell[])[]): string {
  const lines = [`# ${id}`, header.map(field).join(','), ...rows.map((row) => row.map(field).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

function field(cell: TableCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
