/**
 * Time windows of a collector: whole UTC hours, half-open `[start, end)`, never crossing a UTC
 * day, so each window's raw file belongs to one `year=/month=/day=` partition.
 */
export interface Window {
  readonly start: Date;
  readonly end: Date;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function floorHour(date: Date): Date {
  return new Date(Math.floor(date.getTime() / HOUR) * HOUR);
}

export function addHours(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * HOUR);
}

function nextDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY) * DAY + DAY);
}

/** Splits `[start, end)` (whole hours) into windows of at most `maxHours`, cut at UTC midnights. */
export function windowsBetween(start: Date, end: Date, maxHours = 24): Window[] {
  const windows: Window[] = [];
  for (let from = floorHour(start); from < end; ) {
    const to = new Date(Math.min(end.getTime(), nextDay(from).getTime(), addHours(from, maxHours).getTime()));
    windows.push({ start: from, end: to });
    from = to;
  }
  return windows;
}

/** The two halves of a window (cut at a whole hour), or undefined for a one-hour window. */
export function halves(window: Window): [Window, Window] | undefined {
  const hours = (window.end.getTime() - window.start.getTime()) / HOUR;
  if (hours <= 1) return undefined;
  const middle = addHours(window.start, Math.floor(hours / 2));
  return [
    { start: window.start, end: middle },
    { start: middle, end: window.end },
  ];
}

/** `2026-11-25T13 to 14` style label for messages. */
export function describeWindow(window: Window): string {
  const end = window.end.getTime() % DAY === 0 ? '24' : window.end.toISOString().slice(11, 13);
  return `${window.start.toISOString().slice(0, 13).replace('T', ' ')}:00 to ${end}:00 UTC`;
}

export function sameWindow(a: Window, b: Window): boolean {
  return a.start.getTime() === b.start.getTime() && a.end.getTime() === b.end.getTime();
}
