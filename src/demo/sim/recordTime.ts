/** Date and time text of log records, in UTC. */

const DAY = 86_400_000;
const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** `HH:MM:SS` (UTC) of an instant. */
export function timeOf(t: number): string {
  const s = Math.floor((t % DAY) / 1000);
  return `${PAD2[Math.floor(s / 3600)]}:${PAD2[Math.floor(s / 60) % 60]}:${PAD2[s % 60]}`;
}

/** `YYYY-MM-DD` (UTC) of instants, remembered by day: millions of records share a few dates. */
export class DateText {
  private readonly days = new Map<number, string>();

  of(t: number): string {
    const day = Math.floor(t / DAY);
    let text = this.days.get(day);
    if (text === undefined) {
      text = new Date(day * DAY).toISOString().slice(0, 10);
      this.days.set(day, text);
    }
    return text;
  }
}
