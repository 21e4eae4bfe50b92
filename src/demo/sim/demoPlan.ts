/**
 * Which day of a demo download folder shows which quirk. Days are counted from the start of the
 * period; the last two days (yesterday and today) stay plain Amplify files, apart from a split of
 * yesterday when there are days enough. With fewer days, the quirks whose day does not exist are
 * left out, except the damaged lines, which then go into today's file.
 */

export interface DayPlan {
  readonly date: string;
  /** Hours (from 00) also written as CloudFront gzip logs: 0 none, 24 the whole day only there. */
  readonly cloudFrontHours: number;
  /** Two Amplify files whose hours overlap (00-13 and 11-24). */
  readonly split: boolean;
  /** One Amplify file holding two downloads (00-12 and 11-24), the header repeated between. */
  readonly stitched: boolean;
  /** Empty values written `-0`. */
  readonly dashZero: boolean;
  /** The `cs\(Host\)` header, `)` escaped in values too. */
  readonly escapedParen: boolean;
  /** The file holding the damaged lines. */
  readonly badLines: boolean;
}

export interface DemoPlan {
  readonly days: readonly DayPlan[];
  /** The last day of the period, and the day before the first one. */
  readonly today: string;
  readonly before: string;
  /** Five requests of `from` that arrive late, in the file of `to`. */
  readonly late: { readonly from: string; readonly to: string } | undefined;
}

/** Day index (from the start) of each quirk. */
const AT = {
  dashZero: 1,
  escapedParen: 2,
  cloudFrontOnly: [3, 4],
  cloudFrontOverlap: 5,
  stitched: 6,
  badLines: 7,
  split: 8,
  lateFrom: 9,
} as const;

export function planDays(dates: readonly string[]): DemoPlan {
  const n = dates.length;
  const quirky = (i: number) => i < n - 2;
  const badLinesAt = quirky(AT.badLines) ? AT.badLines : n - 1;
  const yesterdaySplit = n - 2 > AT.lateFrom + 1;
  const days = dates.map((date, i) => ({
    date,
    cloudFrontHours: !quirky(i)
      ? 0
      : (AT.cloudFrontOnly as readonly number[]).includes(i)
        ? 24
        : i === AT.cloudFrontOverlap
          ? 6
          : 0,
    split: (quirky(i) && i === AT.split) || (yesterdaySplit && i === n - 2),
    stitched: quirky(i) && i === AT.stitched,
    dashZero: quirky(i) && i === AT.dashZero,
    escapedParen: quirky(i) && i === AT.escapedParen,
    badLines: i === badLinesAt,
  }));
  const first = dates[0] ?? '1970-01-01';
  const before = new Date(Date.parse(`${first}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const late = quirky(AT.lateFrom + 1)
    ? { from: dates[AT.lateFrom] as string, to: dates[AT.lateFrom + 1] as string }
    : undefined;
  return { days, today: dates[n - 1] ?? first, before, late };
}
