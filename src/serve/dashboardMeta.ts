import { type AnyPanel, columnField, type PanelDef, type ValueKind } from '../report/panel.js';
import { PANELS } from '../report/panels.js';
import { TOTALS } from '../report/render/tables.js';

/** Where a panel note names the report's country database; the page puts its name there. */
export const GEO_SOURCE_MARK = '{geoSource}';

/** How the dashboard lays out a panel of the JSON report. */
export interface PanelMeta {
  readonly id: string;
  /** The JSON key of the rows; `a.b` nests them. */
  readonly key: string;
  readonly title: string;
  readonly note: string;
  readonly columns: readonly {
    readonly title: string;
    readonly kind: ValueKind;
    readonly field: string | null;
  }[];
  readonly bar: number;
  readonly filter: PanelDef['filter'] | null;
}

/**
 * The definitions the page lays the JSON report out with: the totals (label, kind, path in
 * `totals`) and every panel of `PANELS` (title, note, columns and the field each reads, the
 * filter a click on a row adds). From the same list as every other renderer.
 */
export function dashboardMeta(): { totals: typeof TOTALS; panels: PanelMeta[] } {
  return {
    totals: TOTALS,
    panels: (PANELS as readonly AnyPanel[]).map((panel) => ({
      id: panel.id,
      key: panel.key,
      title: panel.title,
      note:
        typeof panel.note === 'string'
          ? panel.note
          : panel.note({ range: { from: '', to: '', days: 0, name: '' }, geoSource: GEO_SOURCE_MARK }),
      columns: panel.columns.map((column) => ({
        title: column.title,
        kind: column.kind,
        field: columnField(column),
      })),
      bar: panel.bar,
      filter: panel.filter ?? null,
    })),
  };
}
