/**
 * Referrers, defined once for the pageview panels and the visits (both engines run this SQL).
 *
 * - An **external referrer** (the recipe's definition): the `Referer` is set and does not contain
 *   the request's own host (`x-host-header`).
 * - Its **referring site**: the referrer URL's host, lower case, without `www.`; NULL when the
 *   referrer is not a URL. An Android app referrer names the app, not a site: the apps listed in
 *   `APP_SITES` count as the site they are the app of.
 */

/** Android apps that send `android-app://<package>/` as the referrer, and the site each stands for. */
export const APP_SITES: Readonly<Record<string, string>> = {
  'com.google.android.googlequicksearchbox': 'google.com',
};

/** Whether the referrer expression is external to the host expression. */
export function isExternalSql(referrer = 'referrer', host = 'host_header'): string {
  return `${referrer} IS NOT NULL AND (${host} IS NULL OR strpos(${referrer}, ${host}) = 0)`;
}

/** The referring site of a referrer expression (see above). */
export function referringSiteSql(referrer = 'referrer'): string {
  const host = `NULLIF(regexp_replace(lower(regexp_extract(${referrer}, '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#@]*@)?([^/?#:]+)', 2)), '^www\\.', ''), '')`;
  const apps = Object.entries(APP_SITES)
    .map(([app, site]) => `WHEN '${app}' THEN '${site}' `)
    .join('');
  return `CASE ${host} ${apps}ELSE ${host} END`;
}
