/**
 * The rules a well-formed line must also pass to be kept, as facts both readers share: the import
 * (src/ingest/quarantine.ts) and the Athena compaction (src/lake/decodedRawSql.ts). A line that
 * breaks one is quarantined in `rejected/` with the rule's reason.
 */

/** CloudFront started in November 2008; an earlier date is a damaged line. */
export const EARLIEST_DAY = '2008-11-01';

export const REASONS = {
  noRequestId: 'no x-edge-request-id: the request cannot be kept exactly once without one',
  tooEarly: `the date is before CloudFront existed (${EARLIEST_DAY})`,
  tooLate: 'the date is in the future',
} as const;
