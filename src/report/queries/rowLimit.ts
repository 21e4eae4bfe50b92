/** A row limit as SQL text: a whole number >= 1 (our own option, never log text), else a RangeError. */
export function rowLimit(limit: number): string {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`a row limit must be a whole number >= 1: ${limit}`);
  return String(limit);
}
