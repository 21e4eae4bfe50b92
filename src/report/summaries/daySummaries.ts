import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Dialect } from '../../engine/Dialect.js';
import { DUCKDB_DIALECT } from '../../engine/DuckDBDialect.js';
import { addDays } from '../../engine/periods.js';
import type { QueryEngine } from '../../engine/QueryEngine.js';
import type { CountryLookup } from '../../format/address/CountryLookup.js';
import { literal } from '../../sql/sql.js';
import {
  CURATED_PREFIX,
  curatedKey,
  type Day,
  dayOfCuratedKey,
  dayOfSummaryKey,
  SUMMARIES_LOCK,
  SUMMARIES_PREFIX,
  summaryPrefix,
} from '../../store/keys.js';
import { type Store, type StoredObject, sameVersion } from '../../store/Store.js';
import { messageOf } from '../../util/errors.js';
import { byCodeUnits } from '../../util/text.js';
import { botAgents, classifyAgents } from '../enrich/agentPanels.js';
import { DAY_KEY, dayKeyOf } from '../queries/bucket.js';
import { clientNavigationPartial } from '../queries/clientNavigationQuery.js';
import { pageRequestsPartial } from '../queries/pageRequestsQuery.js';
import { pageviewsPartial } from '../queries/pageviewsQuery.js';
import { errorsPartial, probesPartial } from '../queries/problemsQuery.js';
import { type ReportScope, scopeRows } from '../queries/scope.js';
import {
  type PartRows,
  type ScopeSummaries,
  SUMMARY_PARTS,
  type SummaryPart,
} from '../queries/summaryRows.js';
import { trafficPartial } from '../queries/trafficQuery.js';
import { VISITOR_ROWS, visitorsPartial } from '../queries/visitorsQuery.js';
import { visitsPartial } from '../queries/visitsQuery.js';

/** The partial rows of every part for one day's scope, as a day summary stores them. */
function partials(dialect: Dialect, scope: ReportScope): Record<SummaryPart, PartRows> {
  return {
    traffic: trafficPartial(dialect, scope),
    visitors: visitorsPartial(dialect, scope),
    pageviews: pageviewsPartial(dialect, scope),
    page_requests: pageRequestsPartial(dialect, scope),
    errors: errorsPartial(dialect, scope),
    probes: probesPartial(dialect, scope),
    visits: visitsPartial(dialect, scope),
    client_navigation: clientNavigationPartial(dialect, scope),
  };
}

/**
 * The version of what `DaySummaries` does beyond the parts' SQL (the countries of the visitors'
 * places and of the scanners).
 */
const SUMMARY_BUILD = 2;

/**
 * What the summaries' rows mean: a hash of every part's SQL (for a day with a bot, so that the
 * way bots are left out is in it) and `SUMMARY_BUILD`. A summary written under other definitions
 * (an older or newer amplify-logs) is not read, and is rebuilt.
 */
export const SUMMARY_DEFINITIONS = createHash('sha256')
  .update(
    JSON.stringify({
      build: SUMMARY_BUILD,
      parts: partials(DUCKDB_DIALECT, { from: '2000-01-01', to: '2000-01-01', botAgents: ['a bot'] }),
    }),
  )
  .digest('hex')
  .slice(0, 16);

/** The day file a summary was made from, as the store lists it. */
interface SourceFile {
  readonly key: string;
  readonly size: number;
  readonly modified: string;
  readonly etag: string | null;
}

/** `summaries/day=D/manifest.json`: written last, so a summary without it is never read. */
interface Manifest {
  readonly definitions: string;
  readonly source: SourceFile;
  /** The day's distinct user agents (a missing one is left out) and those classified as bots. */
  readonly agents: readonly string[];
  readonly bots: readonly string[];
  /** The country data its visitors' places were looked up in (`countriesOf`). */
  readonly countries: string;
}

/** The country data a lookup answers from, as a manifest names it. */
function countriesOf(lookup: CountryLookup): string {
  return `${lookup.source} ${lookup.edition ?? ''}`.trim();
}

function sourceOf(object: StoredObject): SourceFile {
  return {
    key: object.key,
    size: object.size,
    modified: object.modified.toISOString(),
    etag: object.etag ?? null,
  };
}

function sameSource(a: SourceFile, b: SourceFile): boolean {
  return a.key === b.key && a.size === b.size && a.modified === b.modified && a.etag === b.etag;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/**
 * What one summary pass reads at most: a week, or 128 MiB of day files (two days of a million
 * requests each), so that its visitors fit in memory (a month of 30M requests summarised in one
 * pass of seven days peaked at 1.9 GB).
 */
const BATCH = { days: 7, bytes: 128 * 1024 * 1024 } as const;

/** Manifests read at once (each a GET on S3). */
const MANIFEST_READS = 8;

/** `days` (in order) cut into runs of consecutive days, each within `BATCH`. */
function batches(days: readonly [Day, StoredObject][]): [Day, StoredObject][][] {
  const runs: { days: [Day, StoredObject][]; bytes: number }[] = [];
  for (const entry of days) {
    const run = runs[runs.length - 1];
    const last = run?.days[run.days.length - 1]?.[0];
    const next = last === undefined ? undefined : addDays(last, 1);
    const fits =
      run !== undefined && run.days.length < BATCH.days && run.bytes + entry[1].size <= BATCH.bytes;
    if (run !== undefined && fits && next === entry[0]) {
      run.days.push(entry);
      run.bytes += entry[1].size;
    } else {
      runs.push({ days: [entry], bytes: entry[1].size });
    }
  }
  return runs.map((run) => run.days);
}

function sorted(values: Iterable<string>): string[] {
  return [...values].sort(byCodeUnits);
}

/** The bots among `agents` (the classifier needs no counts). */
function botsAmong(agents: readonly string[]): string[] {
  return botAgents(classifyAgents(agents.map((userAgent) => ({ userAgent, requests: 0, bytes: 0 }))));
}

export interface DaySummaryOptions {
  /** Build the summaries a range lacks (missing, or made from another day file) before reading. */
  readonly build: boolean;
  /** Told of each day summarised. */
  readonly log?: (line: string) => void;
  /** Told why summaries could not be built (the report then reads the day files): a store it may not write, say. */
  readonly warn?: (line: string) => void;
}

/** What `summarize` did: the days it built, and those it found current. */
export interface SummarizeResult {
  readonly built: readonly Day[];
  readonly current: readonly Day[];
}

/**
 * The day summaries of a store, for a DuckDB engine opened on it: per-day partial rows of the
 * report's queries (src/report/queries/summaryRows.ts), derived from the day files and never a
 * source of truth. A day's summary is read only when its manifest names the day file the store
 * holds now (key, size, time, entity tag), was written under the same definitions
 * (`SUMMARY_DEFINITIONS`) and with the same country data, and the user agents it counted as bots
 * are those the classifier finds bots now; otherwise that day is read from its day file (and, with `build`, summarised
 * again first). So a report reads the same figures with or without them.
 */
export class DaySummaries {
  private readonly verdicts = new Map<string, boolean>();
  /**
   * The manifests read so far, by key, with the entity tag they were read under: a manifest
   * listed with the same tag again has the same bytes, so it is not fetched again (S3 stores,
   * whose listing gives tags; a local manifest is read each time, which costs nothing).
   */
  private readonly manifests = new Map<string, { etag: string; manifest: Manifest | undefined }>();
  /** Set once building failed: this reader only reads from then on. */
  private unwritable = false;

  /**
   * `engine` reads the store's day files; when it says which (`dayObjects`, as DuckDBEngine does),
   * those are the sources summaries are checked against and made from, so that a day file
   * replaced since the engine opened (an hourly collect into S3) is never summarised from the
   * copy the engine holds under the new file's name.
   */
  constructor(
    private readonly store: Store,
    private readonly engine: QueryEngine & { readonly dayObjects?: readonly StoredObject[] },
    private readonly options: DaySummaryOptions,
  ) {}

  /**
   * The summaries a scope of `from`..`to` reads, or undefined when none is current. With `build`,
   * summarises every day of the range that lacks a current summary first.
   */
  async forRange(from: Day, to: Day, countries: CountryLookup): Promise<ScopeSummaries | undefined> {
    const sources = await this.daySources(from, to);
    if (this.options.build && !this.unwritable) {
      try {
        await this.summarize(sources, countries);
      } catch (error) {
        // Not tried again by this reader (a report's comparison asks a second time).
        this.unwritable = true;
        this.options.warn?.(
          `the day summaries were not written (${messageOf(error)}); reading the day files instead`,
        );
      }
    }
    try {
      return await this.read(sources, countries);
    } catch (error) {
      this.options.warn?.(
        `the day summaries could not be read (${messageOf(error)}); reading the day files instead`,
      );
      return undefined;
    }
  }

  private async read(
    sources: ReadonlyMap<Day, StoredObject>,
    countries: CountryLookup,
  ): Promise<ScopeSummaries | undefined> {
    const current = await this.currentDays(sources, countries);
    if (current.size === 0) return undefined;
    const files = Object.fromEntries(SUMMARY_PARTS.map((part) => [part, [] as string[]])) as Record<
      SummaryPart,
      string[]
    >;
    for (const objects of current.values()) {
      for (const part of SUMMARY_PARTS) {
        const object = objects.get(part) as StoredObject;
        files[part].push(await this.store.localPath(object.key, object));
      }
    }
    const days = [...current.keys()];
    return { days, complete: days.length === sources.size, files };
  }

  /** Summarises every day of `from`..`to` (default: every day) that lacks a current summary. */
  async summarizeRange(
    countries: CountryLookup,
    from = '0000-01-01',
    to = '9999-12-31',
  ): Promise<SummarizeResult> {
    return this.summarize(await this.daySources(from, to), countries);
  }

  /** The day files of the range, by day, in day order (a store lists keys in order). */
  private async daySources(from: Day, to: Day): Promise<Map<Day, StoredObject>> {
    const sources = new Map<Day, StoredObject>();
    for (const object of this.engine.dayObjects ?? (await this.store.list(CURATED_PREFIX))) {
      const day = dayOfCuratedKey(object.key);
      if (day !== undefined && day >= from && day <= to) sources.set(day, object);
    }
    return sources;
  }

  private async summarize(
    sources: ReadonlyMap<Day, StoredObject>,
    countries: CountryLookup,
  ): Promise<SummarizeResult> {
    const current = new Set((await this.currentDays(sources, countries)).keys());
    const missing = [...sources].filter(([day]) => !current.has(day));
    if (missing.length === 0) return { built: [], current: [...current] };
    // The privacy rewrite and prune take this lock too: no summary is written from a day they are
    // rewriting or deleting, and each day is checked against the store again under it.
    const lock = await this.store.lock(SUMMARIES_LOCK);
    const built: Day[] = [];
    try {
      for (const batch of batches(missing)) built.push(...(await this.build(batch, countries)));
    } finally {
      await lock.release();
    }
    return { built, current: [...current] };
  }

  /** Whether the store holds `object` still as the day's file (not rewritten or deleted since it was listed). */
  private async stillStored(day: Day, object: StoredObject): Promise<boolean> {
    const now = (await this.store.list(curatedKey(day))).find((o) => o.key === object.key);
    return now !== undefined && sameVersion(now, object);
  }

  /**
   * The days of `sources` whose summary is current (in order), each with its stored parts. A day
   * missing a part is not current.
   */
  private async currentDays(
    sources: ReadonlyMap<Day, StoredObject>,
    countries: CountryLookup,
  ): Promise<Map<Day, Map<string, StoredObject>>> {
    const stored = new Map<Day, Map<string, StoredObject>>();
    for (const object of await this.store.list(SUMMARIES_PREFIX)) {
      const day = dayOfSummaryKey(object.key);
      if (day === undefined) continue;
      const name = object.key.slice(summaryPrefix(day).length).replace(/\.(parquet|json)$/, '');
      if (!stored.has(day)) stored.set(day, new Map());
      stored.get(day)?.set(name, object);
    }
    // The days with every part stored, each with its listed manifest.
    const candidates = [...sources].flatMap(([day, object]) => {
      const parts = stored.get(day);
      const manifest = parts?.get('manifest');
      return parts && manifest && SUMMARY_PARTS.every((part) => parts.has(part))
        ? [{ day, object, parts, manifest }]
        : [];
    });
    // Read a few at a time: on S3 each manifest not read before is a request.
    const manifests: (Manifest | undefined)[] = [];
    for (let i = 0; i < candidates.length; i += MANIFEST_READS) {
      const batch = candidates.slice(i, i + MANIFEST_READS);
      manifests.push(...(await Promise.all(batch.map((candidate) => this.manifest(candidate.manifest)))));
    }
    const current = new Map<Day, Map<string, StoredObject>>();
    const countryData = countriesOf(countries);
    candidates.forEach(({ day, object, parts }, i) => {
      const manifest = manifests[i];
      if (manifest && this.isCurrent(manifest, object, countryData)) current.set(day, parts);
    });
    return current;
  }

  /** A day's manifest as stored (`listed`), or undefined when it is gone or not one. */
  private async manifest(listed: StoredObject): Promise<Manifest | undefined> {
    const known = listed.etag === undefined ? undefined : this.manifests.get(listed.key);
    if (known !== undefined && known.etag === listed.etag) return known.manifest;
    const bytes = await this.store.getBytes(listed.key);
    let manifest: Manifest | undefined;
    try {
      manifest = bytes === undefined ? undefined : (JSON.parse(bytes.toString('utf8')) as Manifest);
    } catch {
      manifest = undefined;
    }
    // Only what was read whole: a manifest gone meanwhile is looked for again next time.
    if (listed.etag !== undefined && bytes !== undefined) {
      this.manifests.set(listed.key, { etag: listed.etag, manifest });
    }
    return manifest;
  }

  private isCurrent(manifest: Manifest, object: StoredObject, countries: string): boolean {
    if (
      manifest.definitions !== SUMMARY_DEFINITIONS ||
      manifest.countries !== countries ||
      !sameSource(manifest.source, sourceOf(object))
    ) {
      return false;
    }
    return this.sameBots(manifest);
  }

  /** Whether the classifier still finds exactly the manifest's bots among its user agents. */
  private sameBots(manifest: Manifest): boolean {
    const key = createHash('sha256')
      .update(JSON.stringify([manifest.agents, manifest.bots]))
      .digest('hex');
    let verdict = this.verdicts.get(key);
    if (verdict === undefined) {
      verdict = sameList(sorted(botsAmong(manifest.agents)), manifest.bots);
      this.verdicts.set(key, verdict);
    }
    return verdict;
  }

  /**
   * Summarises a run of consecutive days: their user agents classified, each part's partial rows
   * made in one pass over the run's day files into a temporary table and written to Parquet a day
   * at a time in the store's scratch folder; then each day whose file the store still holds as
   * read has its parts stored, its manifest last. Returns the days summarised.
   */
  private async build(days: readonly [Day, StoredObject][], countries: CountryLookup): Promise<Day[]> {
    const scope = {
      from: days[0]?.[0] ?? '',
      to: days[days.length - 1]?.[0] ?? '',
      botAgents: [] as string[],
    };
    const agentsByDay = new Map<number, string[]>(days.map(([day]) => [dayKeyOf(day), []]));
    const found = await this.engine.query(
      `SELECT DISTINCT ${DAY_KEY} AS day_key, user_agent FROM ${scopeRows(DUCKDB_DIALECT, scope).from} WHERE user_agent IS NOT NULL`,
    );
    for (const [day, agent] of found.rows) agentsByDay.get(Number(day))?.push(String(agent));
    const all = [...new Set([...agentsByDay.values()].flat())];
    const bot = new Set(botsAmong(all));
    await fs.mkdir(this.store.workDir, { recursive: true });
    const dir = await fs.mkdtemp(path.join(this.store.workDir, 'summaries-'));
    try {
      // Not read while their parts are replaced: the old manifests go first, the new ones come last.
      for (const [day] of days) await this.store.delete(`${summaryPrefix(day)}manifest.json`);
      const parts = partials(DUCKDB_DIALECT, { ...scope, botAgents: sorted(bot) });
      for (const part of SUMMARY_PARTS) {
        const { sql, params } =
          part === 'visitors'
            ? await this.visitorsByCountry(parts.visitors, countries)
            : part === 'probes'
              ? await this.probesWithCountries(parts.probes, countries)
              : parts[part];
        await this.engine.query(`CREATE OR REPLACE TEMP TABLE summary_part AS ${sql}`, params);
        for (const [day] of days) {
          const file = path.join(dir, `${day}-${part}.parquet`);
          await this.engine.query(
            `COPY (SELECT * FROM summary_part WHERE day_key = ${dayKeyOf(day)}) TO ${literal(file)} (FORMAT parquet, COMPRESSION zstd)`,
          );
        }
      }
      const built: Day[] = [];
      for (const [day, object] of days) {
        // A day rewritten (anonymised) or deleted since the engine read it gets no summary.
        if (!(await this.stillStored(day, object))) continue;
        for (const part of SUMMARY_PARTS) {
          const file = path.join(dir, `${day}-${part}.parquet`);
          await this.store.putFile(`${summaryPrefix(day)}${part}.parquet`, file, { move: true });
        }
        const agents = sorted(agentsByDay.get(dayKeyOf(day)) ?? []);
        const manifest: Manifest = {
          definitions: SUMMARY_DEFINITIONS,
          source: sourceOf(object),
          agents,
          bots: agents.filter((agent) => bot.has(agent)),
          countries: countriesOf(countries),
        };
        await this.store.putBytes(
          `${summaryPrefix(day)}manifest.json`,
          `${JSON.stringify(manifest, null, 2)}\n`,
        );
        this.options.log?.(`summarised ${day}`);
        built.push(day);
      }
      return built;
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
      await this.engine.query('DROP TABLE IF EXISTS summary_part');
      await this.engine.query('DROP TABLE IF EXISTS summary_visitors');
      await this.engine.query('DROP TABLE IF EXISTS summary_countries');
      await this.engine.query('DROP TABLE IF EXISTS summary_probes');
    }
  }

  /**
   * The visitors part with each client address of its places (`VISITOR_ROWS.addresses`) replaced
   * by its country, `=CC` (`=` unknown), as the report's country panel reads places: a day's few
   * countries instead of its many addresses, and no lookup when the summary is read.
   */
  private async visitorsByCountry(visitors: PartRows, lookup: CountryLookup): Promise<PartRows> {
    await this.engine.query(
      `CREATE OR REPLACE TEMP TABLE summary_visitors AS ${visitors.sql}`,
      visitors.params,
    );
    const { addresses } = VISITOR_ROWS;
    const places = await this.engine.query(
      `SELECT DISTINCT place FROM summary_visitors WHERE kind = ${addresses} AND place NOT LIKE '=%'`,
    );
    await this.countriesTable(
      places.rows.map((row) => String(row[0])),
      lookup,
      '=',
    );
    // Only places of the addresses rows are addresses; every other row's place is NULL.
    return {
      sql: `SELECT kind, day_key, hour, user_agent, coalesce(summary_countries.country, place) AS place,
       CAST(sum(visitors) AS BIGINT) AS visitors, CAST(sum(requests) AS BIGINT) AS requests
FROM summary_visitors LEFT JOIN summary_countries ON place = summary_countries.address
GROUP BY kind, day_key, hour, user_agent, coalesce(summary_countries.country, place)`,
      params: {},
    };
  }

  /**
   * The probes part with the country of each client whose row has none stored (a store in clear),
   * looked up now as the scanners panel would (`''` unknown): reading it looks up no address.
   */
  private async probesWithCountries(probes: PartRows, lookup: CountryLookup): Promise<PartRows> {
    await this.engine.query(`CREATE OR REPLACE TEMP TABLE summary_probes AS ${probes.sql}`, probes.params);
    const clients = await this.engine.query(
      'SELECT DISTINCT request_ip FROM summary_probes WHERE country IS NULL AND request_ip IS NOT NULL',
    );
    await this.countriesTable(
      clients.rows.map((row) => String(row[0])),
      lookup,
      '',
    );
    return {
      sql: `SELECT day_key, request_ip, uri, coalesce(summary_probes.country, summary_countries.country) AS country, requests
FROM summary_probes LEFT JOIN summary_countries ON request_ip = summary_countries.address`,
      params: {},
    };
  }

  /** `summary_countries(address, country)`: each address's country, `prefix` before the code ('' unknown). */
  private async countriesTable(addresses: readonly string[], lookup: CountryLookup, prefix: string) {
    const pairs = addresses.map((address) => [address, `${prefix}${lookup.country(address) ?? ''}`]);
    await this.engine.query(
      `CREATE OR REPLACE TEMP TABLE summary_countries AS
SELECT pair[1] AS address, pair[2] AS country FROM (SELECT unnest(from_json($countries, '[["VARCHAR"]]')) AS pair) pairs`,
      { countries: JSON.stringify(pairs) },
    );
  }
}
