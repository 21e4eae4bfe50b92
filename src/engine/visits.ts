import { ident } from '../sql/sql.js';
import { channelSql } from './channels.js';
import type { Dialect } from './Dialect.js';
import { isExternalSql, referringSiteSql } from './referrers.js';

/**
 * A request for a page: GET, answered 200 with an HTML document. A pageview when its user agent
 * is not a bot.
 */
export const PAGE_CONDITION = "method = 'GET' AND status = 200 AND sc_content_type LIKE 'text/html%'";

/** The longest gap between two pageviews of one visit: 30:00 continues it, 30:01 starts another. */
export const VISIT_GAP_SECONDS = 1800;

/** The UTM parameters a visit keeps, read from its entry pageview's query string. */
export const UTM_PARAMETERS = [
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
] as const;

/** The columns of a visit row, in order. */
export const VISIT_COLUMNS = [
  'date',
  'visitor',
  'start',
  'end',
  'duration',
  'pageviews',
  'entry_page',
  'exit_page',
  'referrer',
  'referring_site',
  'channel',
  ...UTM_PARAMETERS,
  'host',
] as const;

/**
 * Who a visitor is, defined once for both engines and every query (the visits views, the report's
 * visitors): the rows of one UTC day with equal `visitor_key`, `request_ip` and `user_agent`.
 * A row curated in clear has no `visitor_key`, and is its (client IP, user agent); a row curated
 * while the store anonymises addresses carries the salted key of its address before truncation
 * (src/format/visitorKey.ts), which alone tells its visitors apart (the truncated address and the
 * user agent follow from it). So visitor and visit figures are the same in clear and anonymised.
 */
export const VISITOR_KEY_COLUMNS = ['visitor_key', 'request_ip', 'user_agent'] as const;

/** `VISITOR_KEY_COLUMNS` as a column list (a request is joined to its visit by them, NULL equal to NULL). */
export const VISITOR_COLUMNS = VISITOR_KEY_COLUMNS.join(', ');

/**
 * The `visitor` value of a visit: the row's visitor key, or in clear the MD5 of (client IP,
 * user agent), never the address itself.
 */
export function visitorIdSql(dialect: Dialect): string {
  const key = `coalesce(request_ip, '') || chr(10) || coalesce(user_agent, '')`;
  return `coalesce(visitor_key, ${dialect.md5Hex(key)})`;
}

/** The first value of a query-string parameter; NULL when missing or empty. */
function parameterSql(name: string): string {
  return `NULLIF(regexp_extract(query_string, '(^|&)${name}=([^&]*)', 2), '')`;
}

/**
 * How pageviews of one visitor in the same second are ordered: by every column a visit takes from
 * its entry or exit pageview (the page; the referrer, query string and host of the entry), missing
 * values last. Two pageviews still tied are alike in all of them, so whichever comes first the
 * visits are the same, on either engine. Not `request_id`: it is the widest column of a day file
 * (random text, about two thirds of its bytes), and reading it was a tenth of the visits' work.
 */
export const PAGEVIEW_TIES = ['uri', 'referrer', 'query_string', 'host_header']
  .map((column) => `${column} NULLS LAST`)
  .join(', ');

/**
 * One row per visit (columns `VISIT_COLUMNS`) of the pageviews in the relation `pageviews`, SQL
 * that DuckDB and Athena run alike. The definitions, as the README states them:
 * - a visit is a maximal run of one visitor's (`VISITOR_COLUMNS`) pageviews within one UTC
 *   day in which no two consecutive pageviews are more than 30 minutes apart; pageviews are
 *   ordered by `timestamp`, then (within a second) by `PAGEVIEW_TIES`, the columns a visit takes
 *   from its pageviews, so that pageviews still tied give the same visits in either order;
 * - `visitor`: `visitorIdSql` (never the address itself); `start`, `end`: the first and last
 *   pageview's timestamp; `duration`: their difference in seconds; `pageviews`: how many;
 * - `entry_page`, `exit_page`: the `uri` of the first and last pageview;
 * - `referrer`: the entry pageview's external referrer, `referring_site` its site
 *   (src/engine/referrers.ts); `host`: the entry pageview's `host_header`;
 * - `utm_*`: the entry pageview's parameters (first value wins, empty is absent);
 * - `channel`: the first rule of `CHANNEL_RULES` (src/engine/channels.ts) that matches.
 * `pageviews` must have the columns `date`, `timestamp`, `visitor_key`, `request_ip`, `user_agent`,
 * `uri`, `query_string`, `referrer` and `host_header`, and hold only pageviews.
 */
export function visitsSql(dialect: Dialect, pageviews: string): string {
  return `SELECT ${VISIT_COLUMNS.map(ident).join(', ')}
FROM (${visitRowsSql(dialect, pageviews)}) keyed`;
}

/**
 * The visits of `visitsSql` with the visitor key's own columns (`VISITOR_KEY_COLUMNS`) beside
 * `VISIT_COLUMNS`: for joining visits back to their requests, never for showing.
 */
export function visitRowsSql(dialect: Dialect, pageviews: string): string {
  const visitor = VISITOR_COLUMNS;
  const inOrder = `PARTITION BY "date", ${visitor} ORDER BY ts, ${PAGEVIEW_TIES}`;
  const bounds = `PARTITION BY "date", ${visitor} ORDER BY place`;
  // One sort of the pageviews: each one's place in its visitor's day and whether it starts a visit
  // (more than the gap after the one before, or the first) or ends one (more than the gap before
  // the next, or the last). A visit is then the run from a start to the next end: only those
  // pageviews are kept, and each start takes its end from the next kept one (itself when it ends
  // the visit too); its pageviews are the places between.
  return `SELECT "date", visitor, "start", "end", duration, pageviews, entry_page, exit_page, referrer,
       referring_site, ${channelSql('utm_medium', 'referring_site', 'utm_source')} AS channel,
       ${UTM_PARAMETERS.join(', ')}, host, ${visitor}
FROM (
  SELECT "date", ${visitorIdSql(dialect)} AS visitor, "start", "end", date_diff('second', "start", "end") AS duration,
         pageviews, entry_page, exit_page, referrer, ${referringSiteSql('referrer')} AS referring_site,
         ${UTM_PARAMETERS.map((name) => `${parameterSql(name)} AS ${name}`).join(', ')}, host, ${visitor}
  FROM (
    SELECT "date", ${visitor}, ts AS "start", CASE WHEN ends THEN ts ELSE next_ts END AS "end",
           CASE WHEN ends THEN 1 ELSE next_place - place + 1 END AS pageviews,
           uri AS entry_page, CASE WHEN ends THEN uri ELSE next_uri END AS exit_page,
           CASE WHEN ${isExternalSql()} THEN referrer END AS referrer, query_string, host_header AS host
    FROM (
      SELECT *, lead(ts) OVER (${bounds}) AS next_ts, lead(uri) OVER (${bounds}) AS next_uri,
             lead(place) OVER (${bounds}) AS next_place
      FROM (
        SELECT "date", ${visitor}, ts, uri, query_string, referrer, host_header,
               row_number() OVER (${inOrder}) AS place,
               coalesce(date_diff('second', lag(ts) OVER (${inOrder}), ts) > ${VISIT_GAP_SECONDS}, true) AS starts,
               coalesce(date_diff('second', ts, lead(ts) OVER (${inOrder})) > ${VISIT_GAP_SECONDS}, true) AS ends
        FROM (SELECT *, ${ident('timestamp')} AS ts FROM ${pageviews}) timed
      ) placed
      WHERE starts OR ends
    ) bounded
    WHERE starts
  ) visit_bounds
) tagged`;
}

/** The table of user agents classified as bots that the visits views leave out (one column, `user_agent`). */
export const BOT_AGENTS_TABLE = 'bot_agents';

/**
 * The visits of the requests in the relation `requests` (a request view), leaving out the user
 * agents listed in `botAgents` (a table of one column, `user_agent`) and missing ones: what the
 * visits views select, on both engines.
 */
export function visitsOfRequestsSql(dialect: Dialect, requests: string, botAgents: string): string {
  return visitsSql(
    dialect,
    `(SELECT * FROM ${requests}
  WHERE ${PAGE_CONDITION} AND user_agent IS NOT NULL
    AND user_agent NOT IN (SELECT user_agent FROM ${botAgents})) pageviews`,
  );
}
