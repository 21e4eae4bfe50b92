import type { ReportNote } from './model.js';

/** Pages per visit below this shows as 1.0: visits of one page, as far as the logs tell. */
export const ONE_PAGE_VISITS = 1.05;

/** The share of visitors fetching client-side navigation data from which the note is given. */
export const NAVIGATING_SHARE = 0.1;

/**
 * The note on single-page applications: given when visits average under `ONE_PAGE_VISITS`
 * pageviews while at least `NAVIGATING_SHARE` of the visitors with a pageview also fetched
 * client-side navigation data under the same host that day (src/report/queries/
 * clientNavigationQuery.ts). Such a site loads one HTML page a visit and draws the next pages in
 * the browser, so the logs see one pageview where the reader saw several.
 */
export function clientNavigationNote(
  pagesPerVisit: number | null,
  visitors: number,
  navigating: number,
): ReportNote | null {
  if (pagesPerVisit === null || pagesPerVisit >= ONE_PAGE_VISITS || visitors === 0) return null;
  const share = navigating / visitors;
  if (share < NAVIGATING_SHARE) return null;
  return {
    code: 'client-navigation',
    text: `Visits average ${pagesPerVisit.toFixed(1)} pageviews while ${Math.round(share * 100)}% of their visitors also fetched client-side navigation data (/_next/data/, _rsc, .json): the site renders its pages in the browser, so pages per visit, bounce rate, visit duration and exit pages understate how far visits go.`,
  };
}
