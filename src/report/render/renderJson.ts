import type { Report } from '../model.js';

/** The report as one JSON object (the model itself), pretty-printed, ending in a newline. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
