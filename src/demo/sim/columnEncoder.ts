/**
 * Encodes the values of one log column, remembering the results while that pays: columns with
 * few distinct values (user agents, paths, POPs) are served from a bounded memo; a column whose
 * values rarely repeat (request ids, times, addresses) stops using the memo after a trial.
 */
export class ColumnEncoder {
  private memo: Map<string, string> | null = new Map();
  private lastValue: string | undefined;
  private lastOut = '';
  private lookups = 0;
  private misses = 0;

  /**
   * `encodeValue` turns a value into its written form; `isPlain` is true for values it would
   * leave unchanged (checked first: it is cheaper).
   */
  constructor(
    private readonly encodeValue: (value: string) => string,
    private readonly isPlain: (value: string) => boolean,
  ) {}

  encode(value: string): string {
    if (value === this.lastValue) return this.lastOut;
    const out = this.lookup(value);
    this.lastValue = value;
    this.lastOut = out;
    return out;
  }

  private lookup(value: string): string {
    const memo = this.memo;
    if (memo === null) return this.isPlain(value) ? value : this.encodeValue(value);
    const known = memo.get(value);
    this.lookups++;
    if (known !== undefined) return known;
    const out = this.isPlain(value) ? value : this.encodeValue(value);
    this.misses++;
    if (this.lookups >= TRIAL && this.misses * 2 > this.lookups) this.memo = null;
    else if (memo.size < MAX_ENTRIES) memo.set(value, out);
    return out;
  }
}

/** Lookups after which a column that mostly misses gives up its memo. */
const TRIAL = 4_096;
const MAX_ENTRIES = 50_000;
