/**
 * The report page's style sheet, inlined into the page: system fonts only, light and dark
 * schemes, panels flowing from a grid into one column on a phone, tables scrolling sideways,
 * long URIs wrapping anywhere.
 */
export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1d2733; --muted: #5b6b7c; --bg: #f5f7fa; --card: #fff;
  --line: #dde3ea; --accent: #2f6fdb; --accent-soft: rgba(47, 111, 219, .16); --better: #17824a; --worse: #b42318; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6ebf1; --muted: #9aa8b6; --bg: #12171d; --card: #1a2129;
  --line: #2c3540; --accent: #6b9cf0; --accent-soft: rgba(107, 156, 240, .2); --better: #4cc38a; --worse: #f97066; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 24px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
h2 { font-size: 1.05rem; margin: 0 0 4px; }
.sub, .note, footer { color: var(--muted); }
.note { font-size: .85rem; margin: 0 0 10px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px; margin: 16px 0; min-width: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card .label { font-size: .8rem; color: var(--muted); }
.card .value { font-size: 1.35rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .previous { font-size: .8rem; color: var(--muted); }
.better { color: var(--better); } .worse { color: var(--worse); }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 520px), 1fr)); gap: 0 16px; }
.series { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 400px), 1fr)); gap: 12px 24px; }
figure { margin: 0; } figcaption { font-size: .85rem; color: var(--muted); }
svg.chart { width: 100%; height: auto; display: block; margin: 4px 0 10px; }
svg .area { fill: var(--accent-soft); } svg .line { fill: none; stroke: var(--accent); stroke-width: 2; }
svg .dot { fill: var(--accent); } svg .bar { fill: var(--accent); } svg .grid { stroke: var(--line); }
svg text { fill: var(--fg); font: 13px system-ui, sans-serif; } svg .axis { fill: var(--muted); font-size: 12px; }
svg .value { fill: var(--muted); }
.table { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: .85rem; }
th, td { padding: 4px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); }
td.text, th.text { text-align: left; overflow-wrap: anywhere; word-break: break-word; }
td.text { min-width: 4em; } td.text:first-child { min-width: 6em; } th.text { overflow-wrap: normal; word-break: normal; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
th.num { white-space: normal; }
td.bar-cell { position: relative; min-width: 90px; }
td.bar-cell .bar { position: absolute; right: 0; top: 3px; bottom: 3px; background: var(--accent-soft); border-radius: 2px; }
td.bar-cell .n { position: relative; }
details summary { cursor: pointer; color: var(--muted); font-size: .85rem; }
.empty { color: var(--muted); font-style: italic; }
footer { font-size: .8rem; padding-bottom: 32px; }
footer a { color: inherit; }
@media (max-width: 600px) { body { font-size: 14px; } section { padding: 12px; border-radius: 8px; } header { padding-top: 16px; } }
`;
