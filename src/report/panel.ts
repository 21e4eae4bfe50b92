import type { ValueKind } from '../util/valueFormat.js';
import type { AgentTraffic } from './enrich/agentPanels.js';
import type { AgentInfo } from './enrich/classifyAgent.js';
import type { FilterKey, FilterOp } from './filters.js';
import type { AgentRow, BotRow, CountryRow, PageRow, ReportRange } from './model.js';
import type { PageviewPanels } from './pageviewPanels.js';
import type { ProblemPanels } from './problemPanels.js';
import type { TrafficPanels } from './trafficPanels.js';
import type { VisitorPanels } from './visitorPanels.js';
import type { VisitPanels } from './visitPanels.js';

export type { ValueKind };

export type TableCell = string | number | null;

/** One column of a panel's table: its title, how its values read, and where a row keeps it. */
export interface PanelColumn<R> {
  readonly title: string;
  readonly kind: ValueKind;
  /** The row's field, or how the cell is made from the row. */
  readonly value: (keyof R & string) | ((row: R) => TableCell);
  /** For a made cell, the row's field it is made from (what the dashboard reads in the JSON). */
  readonly field?: keyof R & string;
}

/** What the queries and the enrichment produced for one range: every panel's rows come from here. */
export interface PanelSources {
  readonly traffic: TrafficPanels;
  readonly views: PageviewPanels;
  readonly visitors: VisitorPanels;
  readonly visits: VisitPanels;
  readonly problems: ProblemPanels;
  /** Top pages with every request for each. */
  readonly pages: readonly PageRow[];
  /** Bots by name (none when bots are left out). */
  readonly bots: readonly BotRow[];
  readonly agents: {
    readonly browsers: readonly AgentRow[];
    readonly operatingSystems: readonly AgentRow[];
    readonly devices: readonly AgentRow[];
  };
  readonly countries: readonly CountryRow[];
  /** Requests and bytes per distinct user agent, and what each is. */
  readonly userAgents: readonly AgentTraffic[];
  readonly classified: ReadonlyMap<string | null, AgentInfo>;
}

/** What a panel's note may mention of the report it is in. */
export interface PanelContext {
  readonly range: ReportRange;
  readonly geoSource: string;
}

/**
 * One report panel, defined once: where its rows come from, where they go in the JSON model, and
 * how the text, CSV and HTML renderers show them. Every renderer and the model take the panels
 * from `PANELS` (src/report/panels.ts).
 */
export interface PanelDef<K extends string = string, R = unknown> {
  /** Stable name: the CSV section and the HTML id (`top_pages`). */
  readonly id: string;
  /** The JSON model's key of the rows (`topPages`); `a.b` nests them (`scanners.clients`). */
  readonly key: K;
  readonly title: string;
  /** One sentence saying what is counted. */
  readonly note: string | ((context: PanelContext) => string);
  readonly columns: readonly PanelColumn<R>[];
  /** The index of the column the bars show (a count or bytes column). */
  readonly bar: number;
  /** Drawn as a bar chart above its table in HTML. */
  readonly chart?: boolean;
  /** Cut to the report's row limit here (the queries of the other panels cut their own rows). */
  readonly top?: boolean;
  /**
   * The report filter a row stands for (src/report/filters.ts): the dashboard adds
   * `key op row[field]` when a row is clicked (`op` `=` unless said; a missing value filters on
   * missing).
   */
  readonly filter?: { readonly key: FilterKey; readonly field: string; readonly op?: FilterOp };
  readonly rows: (sources: PanelSources) => readonly R[];
}

/**
 * A panel definition: `panel(key, rows)({ id, title, note, columns, bar })`. The key and the row
 * type come from the first call (the model's type keeps them), so the columns are checked against
 * the rows.
 */
export function panel<const K extends string, R>(key: K, rows: (sources: PanelSources) => readonly R[]) {
  return (rest: Omit<PanelDef<K, R>, 'key' | 'rows'>): PanelDef<K, R> => ({ ...rest, key, rows });
}

/** The cell of `row` in `column`. */
export function cellOf<R>(column: PanelColumn<R>, row: R): TableCell {
  if (typeof column.value === 'function') return column.value(row);
  const value = row[column.value];
  return value === undefined ? null : (value as TableCell);
}

/** The maker of columns of one kind: `columnOf('count')('Visits', 'visits')`. */
function columnOf(kind: ValueKind) {
  return <R>(title: string, value: PanelColumn<R>['value'], field?: keyof R & string): PanelColumn<R> => ({
    title,
    kind,
    value,
    ...(field === undefined ? {} : { field }),
  });
}

/** The row field a column shows: its own, or the one its cell is made from. */
export function columnField<R>(column: PanelColumn<R>): string | null {
  return typeof column.value === 'string' ? column.value : (column.field ?? null);
}

/** `text('Page', 'uri')`: a column of text from the logs. */
export const text = columnOf('text');
/** A column of counts. */
export const count = columnOf('count');
/** A column of bytes. */
export const bytes = columnOf('bytes');
/** A column of ratios (0..1), shown as percentages. */
export const ratio = columnOf('ratio');
/** A column of durations in seconds. */
export const duration = columnOf('duration');

/** Any panel, for code that treats every panel alike (each panel's cells come from its own rows). */
// biome-ignore lint/suspicious/noExplicitAny: each panel has its own row type
export type AnyPanel = PanelDef<string, any>;

type RowsOf<P> = P extends PanelDef<string, infer R> ? readonly R[] : never;

type Nest<K extends string, V> = K extends `${infer A}.${infer B}`
  ? { readonly [_ in A]: { readonly [_ in B]: V } }
  : { readonly [_ in K]: V };

type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The model's fields of a list of panels: each panel's rows under its key. */
export type PanelFields<P extends readonly AnyPanel[]> = Intersection<
  { [I in keyof P]: Nest<P[I]['key'], RowsOf<P[I]>> }[number]
>;
