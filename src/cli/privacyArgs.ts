import type { AnonymizeBits } from '../format/address/anonymizeAddress.js';
import { MIN_RAW_DAYS, type PrivacySettings } from '../store/privacy.js';
import { UsageError } from '../util/errors.js';
import { stringOption } from './args.js';
import type { ParsedArgs } from './context.js';

/** The settings `privacy set` asks for: the current ones with the flags given applied. */
export function settingsFromArgs(args: ParsedArgs, current: PrivacySettings): PrivacySettings {
  const ip = stringOption(args, 'anonymize-ip');
  const rawDays = stringOption(args, 'raw-days');
  const keepMonths = stringOption(args, 'keep-months');
  return {
    anonymizeIp: ip === undefined ? current.anonymizeIp : anonymizeBits(ip),
    rawDays: rawDays === undefined ? current.rawDays : count('--raw-days', rawDays, MIN_RAW_DAYS),
    keepMonths: keepMonths === undefined ? current.keepMonths : count('--keep-months', keepMonths, 1),
  };
}

function anonymizeBits(value: string): AnonymizeBits {
  if (value === 'none' || value === '0') return 0;
  if (value === '8' || value === '16' || value === '24') return Number(value) as AnonymizeBits;
  throw new UsageError(`--anonymize-ip ${value}: use none, 8, 16 or 24 (bits of an IPv4 address zeroed)`);
}

function count(flag: string, value: string, least: number): number | null {
  if (value === 'forever') return null;
  if (!/^\d+$/.test(value) || Number(value) < least) {
    const why =
      flag === '--raw-days'
        ? " (the late sweep and the nightly compaction read a day's raw files for two days)"
        : '';
    throw new UsageError(`${flag} ${value}: use a whole number of at least ${least}, or forever${why}`);
  }
  return Number(value);
}

/** How a setting reads in the terminal and the report's header. */
export function describeSettings(settings: PrivacySettings): string[] {
  const ip = settings.anonymizeIp;
  const kept = { 8: 64, 16: 48, 24: 32 } as const;
  return [
    `anonymize-ip  ${ip === 0 ? 'none (addresses kept as they come)' : `${ip} (IPv4: last ${ip} bits zeroed; IPv6: first ${kept[ip]} bits kept)`}`,
    `raw-days      ${settings.rawDays === null ? 'forever' : `${settings.rawDays} (raw files and rejected lines)`}`,
    `keep-months   ${settings.keepMonths === null ? 'forever' : `${settings.keepMonths} (curated days)`}`,
  ];
}
