import { formatBytes } from '../util/text.js';

/** Athena's price: $5 per TB scanned (TB = 2^40 bytes here, like the MB of the minimum). */
export const DOLLARS_PER_TB = 5;
const TB = 2 ** 40;
const MB = 2 ** 20;
/** Athena bills at least 10 MB a query, rounded up to whole megabytes. */
export const MINIMUM_BILLED_BYTES = 10 * MB;

/** What one query costs, from its statistics. */
export interface QueryCost {
  readonly scannedBytes: number;
  readonly billedBytes: number;
  readonly dollars: number;
}

/**
 * The cost of a query that scanned `scannedBytes`: rounded up to whole megabytes, at least 10 MB,
 * at $5/TB. DDL statements (tables, views, partitions) are free, as Athena does not bill them.
 */
export function queryCost(scannedBytes: number, statementType?: string): QueryCost {
  if (statementType === 'DDL') return { scannedBytes, billedBytes: 0, dollars: 0 };
  const billedBytes = Math.max(MINIMUM_BILLED_BYTES, Math.ceil(scannedBytes / MB) * MB);
  return { scannedBytes, billedBytes, dollars: (billedBytes / TB) * DOLLARS_PER_TB };
}

/** Adds up the costs of several queries. */
export function addCosts(costs: readonly QueryCost[]): QueryCost {
  return costs.reduce(
    (sum, c) => ({
      scannedBytes: sum.scannedBytes + c.scannedBytes,
      billedBytes: sum.billedBytes + c.billedBytes,
      dollars: sum.dollars + c.dollars,
    }),
    { scannedBytes: 0, billedBytes: 0, dollars: 0 },
  );
}

/** `$0.000048`: dollars with two significant digits below a cent, cents otherwise. */
export function formatDollars(dollars: number): string {
  if (dollars === 0) return '$0';
  if (dollars >= 0.01) return `$${dollars.toFixed(2)}`;
  const digits = Math.min(12, 1 - Math.floor(Math.log10(dollars)));
  return `$${dollars.toFixed(digits).replace(/0+$/, '')}`;
}

/** One line for people: `scanned 1.21 MiB, billed 10.0 MiB (the 10 MB minimum): $0.000048 at $5/TB`. */
export function describeCost(cost: QueryCost): string {
  if (cost.billedBytes === 0) return `scanned ${formatBytes(cost.scannedBytes)}: free (DDL is not billed)`;
  const minimum = cost.billedBytes === MINIMUM_BILLED_BYTES && cost.scannedBytes < MINIMUM_BILLED_BYTES;
  const billed = `billed ${formatBytes(cost.billedBytes)}${minimum ? ' (the 10 MB minimum)' : ''}`;
  return `scanned ${formatBytes(cost.scannedBytes)}, ${billed}: ${formatDollars(cost.dollars)} at $${DOLLARS_PER_TB}/TB`;
}
