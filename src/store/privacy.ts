import { randomBytes } from 'node:crypto';
import type { AnonymizeBits } from '../format/address/anonymizeAddress.js';
import { StoreError } from '../util/errors.js';
import type { Day } from './keys.js';
import type { Store } from './Store.js';

/**
 * A store's privacy settings, kept with the store in `state/privacy.json` so that every writer
 * (import, collect, the Lambda collector, Athena compaction) applies the same rules.
 */
export interface PrivacySettings {
  /** Host bits of IPv4 addresses zeroed in curated/ and rejected/ (0: addresses kept as they come). */
  readonly anonymizeIp: AnonymizeBits;
  /** Raw files and rejected lines are deleted after this many days; null keeps them forever. */
  readonly rawDays: number | null;
  /** Curated days are deleted after this many months; null keeps them forever. */
  readonly keepMonths: number | null;
}

/** The stored settings and the work they still owe. */
export interface PrivacyState extends PrivacySettings {
  /** Set while `privacy set` has curated days left to rewrite at the current level. */
  readonly rewritePending: boolean;
}

/** The settings as people and JSON read them: `none` and `forever` spelled out, as the CLI takes them. */
export interface SpelledPrivacy {
  readonly anonymizeIp: 'none' | 8 | 16 | 24;
  readonly rawDays: number | 'forever';
  readonly keepMonths: number | 'forever';
}

export function spellPrivacy(settings: PrivacySettings): SpelledPrivacy {
  return {
    anonymizeIp: settings.anonymizeIp === 0 ? 'none' : settings.anonymizeIp,
    rawDays: settings.rawDays ?? 'forever',
    keepMonths: settings.keepMonths ?? 'forever',
  };
}

/** A store without settings: addresses in clear, everything kept. */
export const DEFAULT_PRIVACY: PrivacyState = {
  anonymizeIp: 0,
  rawDays: null,
  keepMonths: null,
  rewritePending: false,
};

export const PRIVACY_KEY = 'state/privacy.json';
export const SALT_PREFIX = 'state/privacy/salts/';

/**
 * How long after the end of its UTC day a day's visitor salt is kept: past the collector's late
 * sweep (a day is fetched again once its end is 24 hours plus the 1-hour delivery lag behind) and
 * the deployment's compaction of the day before yesterday. Rows that reach a day later (an import
 * of old files, a sweep retried days late) are keyed with a new salt, so their visitors count apart.
 */
export const SALT_HOURS_AFTER_DAY = 48;

/** The store's settings; the defaults when none were ever set. Throws StoreError on a damaged file. */
export async function readPrivacy(store: Store): Promise<PrivacyState> {
  const bytes = await store.getBytes(PRIVACY_KEY);
  if (bytes === undefined) return DEFAULT_PRIVACY;
  try {
    const stored = JSON.parse(bytes.toString('utf8')) as Partial<PrivacyState>;
    return {
      anonymizeIp: checkedBits(stored.anonymizeIp ?? 0),
      rawDays: stored.rawDays ?? null,
      keepMonths: stored.keepMonths ?? null,
      rewritePending: stored.rewritePending === true,
    };
  } catch (error) {
    throw new StoreError(
      `the privacy settings ${store.location}/${PRIVACY_KEY} cannot be read: ${(error as Error).message}`,
      'Set them again with `amplify-logs privacy set`.',
    );
  }
}

function checkedBits(value: unknown): AnonymizeBits {
  if (value === 0 || value === 8 || value === 16 || value === 24) return value;
  throw new Error(`anonymizeIp is ${JSON.stringify(value)}, not 0, 8, 16 or 24`);
}

/** Replaces the stored settings (one atomic write). */
export async function writePrivacy(store: Store, state: PrivacyState): Promise<void> {
  await store.putBytes(
    PRIVACY_KEY,
    `${JSON.stringify({ ...state, updatedAt: new Date().toISOString() }, null, 2)}\n`,
  );
}

export function saltKey(day: Day): string {
  return `${SALT_PREFIX}${day}`;
}

/** True while rows of `day` may still arrive, so its salt is kept. */
export function saltIsOpen(day: Day, now: Date): boolean {
  const end = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
  return now.getTime() < end + SALT_HOURS_AFTER_DAY * 3_600_000;
}

/** A day's salt and whether it is stored (an open day's) or was made for this one use. */
export interface DaySalt {
  readonly salt: string;
  readonly stored: boolean;
}

/**
 * The salt of a day's visitor keys: an open day's stored salt (made and stored on first use),
 * or for a day past its salt's lifetime a new random salt that is never stored. Call it under
 * the store's write lock, so that two writers never make two salts for one day.
 */
export async function daySalt(store: Store, day: Day, now: Date): Promise<DaySalt> {
  if (!saltIsOpen(day, now)) return { salt: newSalt(), stored: false };
  const existing = await store.getBytes(saltKey(day));
  if (existing !== undefined && existing.length > 0)
    return { salt: existing.toString('utf8').trim(), stored: true };
  const salt = newSalt();
  await store.putBytes(saltKey(day), salt);
  return { salt, stored: true };
}

/** Deletes, for good, the salts of days past their lifetime; returns their keys. */
export async function expireSalts(store: Store, now: Date): Promise<string[]> {
  const expired: string[] = [];
  for (const object of await store.list(SALT_PREFIX)) {
    const day = object.key.slice(SALT_PREFIX.length);
    if (/^\d{4}-\d{2}-\d{2}$/.test(day) && saltIsOpen(day, now)) continue;
    await store.delete(object.key);
    expired.push(object.key);
  }
  return expired;
}

function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/** The fewest raw days a store may keep: the late sweep and the nightly compaction read a day's raw files for two days. */
export const MIN_RAW_DAYS = 3;

/** What the retention settings keep, at `now`: objects before these limits are deleted. */
export interface RetentionLimits {
  /** Raw and rejected objects of collected days before this day are deleted. */
  readonly rawDaysBefore?: Day;
  /** Raw and rejected objects of imported files stored before this instant are deleted. */
  readonly rawStoredBefore?: Date;
  /** Curated days before this day are deleted. */
  readonly curatedDaysBefore?: Day;
}

/**
 * The limits of `settings` at `now`: raw files of the N days before today are kept (today
 * included: N + 1 calendar days), and curated days from the same day N months ago (clamped to
 * that month's length), as the recipe's month view counts months.
 */
export function retentionLimits(settings: PrivacySettings, now: Date): RetentionLimits {
  const today = now.toISOString().slice(0, 10);
  const limits: { -readonly [K in keyof RetentionLimits]: RetentionLimits[K] } = {};
  if (settings.rawDays !== null) {
    limits.rawDaysBefore = shiftDay(today, 0, -settings.rawDays);
    limits.rawStoredBefore = new Date(now.getTime() - settings.rawDays * 86_400_000);
  }
  if (settings.keepMonths !== null) limits.curatedDaysBefore = shiftDay(today, -settings.keepMonths, 0);
  return limits;
}

/** `day` moved by whole months (clamped to the target month's length), then by days. */
function shiftDay(day: Day, months: number, days: number): Day {
  const [year, month, dd] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(dd, last) + days);
  return first.toISOString().slice(0, 10);
}
