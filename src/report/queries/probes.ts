import { literal } from '../../sql/sql.js';

/**
 * Paths that only a vulnerability scanner asks an Amplify site for (it runs no PHP, ASP or CGI,
 * has no WordPress or phpMyAdmin, never serves dot-files such as `.env` or `.git/config`), as
 * `LIKE` patterns on the URI, as scanners write them (lower case, and the upper-case forms they
 * use); matching case-sensitively spares a lower-casing of every URI. A request for one is a
 * probe, whatever its user agent or answer (a single-page-app rewrite answers `/.env` with 200).
 * Mostly prefixes and suffixes, which cost less per row than substrings; `/.well-known/` is the
 * one dot-path a site serves.
 */
export const PROBE_PATTERNS: readonly string[] = [
  '%.php%',
  '%.PHP%',
  '%/wp-%',
  '%phpmyadmin%',
  '%../%',
  '%/etc/passwd%',
  '%.asp',
  '%.aspx',
  '%.cgi',
  '%.jsp',
  '%.sql',
  '%.bak',
  '/cgi-bin/%',
  '/wordpress%',
  '/pma/%',
  '/myadmin/%',
  '/server-status%',
  '/server-info%',
  '/actuator%',
  '/boaform/%',
  '/hnap1%',
  '/HNAP1%',
  '/owa/%',
  '/backup%',
];

/** A dot-file or dot-folder anywhere in the path, but `/.well-known/`. */
const DOT_PATH = "(uri LIKE '%/.%' AND uri NOT LIKE '/.well-known/%')";

/** The probe test as SQL (our own constant patterns, not log values, so they are literals). */
export const PROBE_CONDITION = `(${[...PROBE_PATTERNS.map((p) => `uri LIKE ${literal(p)}`), DOT_PATH].join(' OR ')})`;
