import { NULL_MARKERS } from '../format/layout.js';
import { EARLIEST_DAY, REASONS } from '../format/quarantineRules.js';
import { literal } from '../sql/sql.js';

/**
 * The quarantine rules (src/format/quarantineRules.ts) as the import applies them. They exist
 * twice, side by side, on purpose: as SQL for the fast reader, and in JavaScript to find the line
 * numbers of the (rare) lines that broke one.
 */

/** SQL giving the reason a row must be quarantined, or NULL. `latestDay` is the last acceptable day. */
export function quarantineReasonSql(latestDay: string): string {
  return (
    `CASE WHEN request_id IS NULL OR request_id = '' THEN '${REASONS.noRequestId}' ` +
    `WHEN date < DATE '${EARLIEST_DAY}' THEN '${REASONS.tooEarly}' ` +
    `WHEN date > DATE ${literal(latestDay)} THEN '${REASONS.tooLate}' END`
  );
}

/** The same rules on the raw field text of one line; `date` is a valid `YYYY-MM-DD` here. */
export function quarantineReason(date: string, requestId: string, latestDay: string): string | undefined {
  if (requestId === '' || NULL_MARKERS.includes(requestId)) return REASONS.noRequestId;
  const day = canonicalDay(date);
  if (day < EARLIEST_DAY) return REASONS.tooEarly;
  if (day > latestDay) return REASONS.tooLate;
  return undefined;
}

/** `2026-1-5` → `2026-01-05`, so days compare as text. */
function canonicalDay(date: string): string {
  const [year = '', month = '', day = ''] = date.trim().split('-');
  return `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}
