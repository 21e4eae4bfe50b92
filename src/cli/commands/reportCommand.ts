import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { openCountryLookup } from '../../format/address/CountryLookup.js';
import { buildReport } from '../../report/buildReport.js';
import type { Report } from '../../report/model.js';
import { digestMessage } from '../../report/render/digestMessage.js';
import { renderCsv } from '../../report/render/renderCsv.js';
import { renderHtml } from '../../report/render/renderHtml.js';
import { renderJson } from '../../report/render/renderJson.js';
import { renderText } from '../../report/render/renderText.js';
import { readSelection, type Selection } from '../../report/reportSelection.js';
import { readPrivacy } from '../../store/privacy.js';
import { AppError, UsageError } from '../../util/errors.js';
import type { CliContext, Command, ParsedArgs } from '../context.js';
import { geoipDbFromArgs } from '../geoipArgs.js';
import { openReportEngine } from '../reportEngine.js';
import { storeFromArgs } from '../storeFromArgs.js';

const FORMATS = ['text', 'json', 'csv', 'html', 'email'] as const;
type Format = (typeof FORMATS)[number];

/** Width of text written to a file or a pipe. */
const FILE_WIDTH = 100;

export const reportCommand: Command = {
  name: 'report',
  summary: 'traffic report of a period: who came, from where, to read what, what broke, how fast',
  usage:
    '[--range today|yesterday|week|last-week|month|all | --from DATE --to DATE] [--compare] [--host HOST] [--filter EXPR]... [--exclude-bots] [--format text|json|csv|html|email] [--mail-from ADDR] [--mail-to ADDR] [--out FILE] [--top N] [--geoip-db FILE] [--engine duckdb|athena]',
  options: {
    range: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    compare: { type: 'boolean' },
    host: { type: 'string' },
    filter: { type: 'string', multiple: true },
    'exclude-bots': { type: 'boolean' },
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
    'mail-from': { type: 'string' },
    'mail-to': { type: 'string' },
    'geoip-db': { type: 'string' },
    top: { type: 'string' },
    engine: { type: 'string' },
  },
  help: [
    'Totals (requests, pageviews, visitors, visits, bounce rate, visit duration, bytes, bot share,',
    'error rate, cache hit ratio, time percentiles), traffic over time, top pages, entry and exit',
    'pages, referrers and referring sites, channels and UTM tags, status codes, 404s with the pages',
    'linking to them, server errors, bots, scanners, browsers, systems, devices, countries, edge',
    'locations, hosts, HTTP and TLS versions, bandwidth by content type. All days are UTC.',
    '',
    '  --range NAME       today, yesterday, week (today and the 7 days before), last-week (the 7',
    '                     full days before today), month (since the same day last month) or all',
    '                     (every day in the store); default week',
    '  --from DATE --to DATE  inclusive UTC days, YYYY-MM-DD, instead of --range',
    '  --compare          set every total beside the previous period of the same length',
    '  --host HOST        only requests for this host (x-host-header); the same as --filter host=HOST',
    '  --filter EXPR      only what passes EXPR, repeatable (all must hold): KEY=VALUE (equals;',
    '                     an empty VALUE means missing), KEY!=VALUE (differs), KEY~TEXT (contains,',
    '                     any case). Request keys keep the matching requests and the pageviews,',
    '                     visitors and visits they make up: page, host, status (404 or 4xx), method,',
    '                     content_type, referrer, country (DE), browser, os, device, edge (FRA),',
    '                     bot (yes|no). Visit keys keep the matching visits and their requests:',
    '                     entry_page, exit_page, site, channel, utm_source, utm_medium, utm_campaign',
    '  --exclude-bots     leave requests from bots out of every panel',
    '  --format FORMAT    text (default; or from the --out extension), json, csv, html or email',
    '                     (a MIME message, .eml: text and HTML parts, the JSON report attached)',
    "  --mail-from ADDR   the e-mail's sender (default amplify-logs@localhost)",
    '  --mail-to ADDR     its recipients, separated by commas (default none)',
    '  --out FILE         write the report to FILE instead of stdout',
    '  --geoip-db FILE    a MaxMind .mmdb country database (env AMPLIFY_LOGS_GEOIP_DB);',
    '                     default: DB-IP Lite, shipped with the tool',
    '  --top N            rows in each list (default 20)',
    '  --engine NAME      duckdb (default) or athena: the same report on Athena over the S3 store',
    '                     (the views of athena setup; ATHENA_DATABASE, ATHENA_TABLE_NAME,',
    '                     S3_OUTPUT_LOCATION); the bytes scanned and the cost go to stderr',
    '',
    'Without filters or --exclude-bots, each day is read from its day summary (summaries/ in the',
    'store), made first where missing or out of date: the same figures, faster from the second',
    'report on.',
    '',
    'Definitions: a pageview is a GET answered 200 with an HTML page, not from a bot; a visitor',
    'is a distinct client IP + UTC day + user agent among requests not from bots (GoAccess',
    'counts the same with --4xx-to-unique-count, bots aside); the error rate counts 5xx.',
  ],
  async run(context, args) {
    const options = reportOptions(args, context);
    const geoipDb = options.geoipDb;
    const countries = () => openCountryLookup(geoipDb);
    const privacy = await readPrivacy(await storeFromArgs(context, args));
    const { engine, dialect, done, summaries } = await openReportEngine(args, context);
    let report: Report;
    try {
      report = await buildReport(engine, {
        ...options,
        now: context.now,
        countries,
        privacy,
        ...(dialect ? { dialect } : {}),
        ...(summaries ? { summaries } : {}),
      });
    } finally {
      await engine.close();
    }
    done();
    const output =
      options.format === 'email'
        ? (
            await digestMessage(report, { ...options.mail, ...(options.host ? { site: options.host } : {}) })
          ).toString('utf8')
        : render(report, options.format, context, options.out !== undefined);
    if (options.out === undefined) {
      context.stdout.write(output);
      return 0;
    }
    const file = path.resolve(context.cwd, options.out);
    await writeAtomically(file, output);
    context.stderr.write(`amplify-logs: wrote the ${options.format} report to ${file}\n`);
    return 0;
  },
};

interface ReportCliOptions extends Selection {
  readonly format: Format;
  readonly out: string | undefined;
  readonly geoipDb: string | undefined;
  readonly mail: { readonly from: string; readonly to: readonly string[] };
}

/** The command line as options, or a `UsageError` naming the option that is wrong. */
function reportOptions(args: ParsedArgs, context: CliContext): ReportCliOptions {
  if (args.positionals.length > 0) {
    throw new UsageError(
      `report takes no arguments: ${JSON.stringify(args.positionals[0])}`,
      'Run amplify-logs report --help.',
    );
  }
  const v = args.values;
  const selection = readSelection({
    range: string(v.range),
    from: string(v.from),
    to: string(v.to),
    compare: v.compare === true,
    host: string(v.host),
    excludeBots: v['exclude-bots'] === true,
    filters: Array.isArray(v.filter) ? v.filter.map(String) : [],
    top: string(v.top),
  });
  const out = string(v.out);
  if (out === '') throw new UsageError('--out is empty: give a file name');
  const geoipDb = geoipDbFromArgs(args, context);
  return {
    ...selection,
    format: format(string(v.format), out),
    out,
    geoipDb,
    mail: mailOptions(string(v['mail-from']), string(v['mail-to'])),
  };
}

const ADDRESS = /^[^@\s,<>]+@[^@\s,<>]+$/;

/** The e-mail's addresses (`--format email`): a sender, and recipients separated by commas. */
function mailOptions(from: string | undefined, to: string | undefined) {
  const recipients = (to ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  for (const [option, address] of [
    ['--mail-from', from ?? 'amplify-logs@localhost'],
    ...recipients.map((a) => ['--mail-to', a]),
  ] as const) {
    if (!ADDRESS.test(address))
      throw new UsageError(`${option} ${address}: give an e-mail address like reports@example.com`);
  }
  return { from: from ?? 'amplify-logs@localhost', to: recipients };
}

function string(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function format(value: string | undefined, out: string | undefined): Format {
  if (value === undefined) {
    const extension = out === undefined ? '' : path.extname(out).slice(1).toLowerCase();
    const inferred =
      extension === 'htm' ? 'html' : extension === 'txt' ? 'text' : extension === 'eml' ? 'email' : extension;
    return (FORMATS as readonly string[]).includes(inferred) ? (inferred as Format) : 'text';
  }
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`--format ${value}: use one of ${FORMATS.join(', ')}`);
}

/**
 * The report in its format. Text fits the terminal when stdout is one (else 100 columns) and is
 * coloured only on a terminal, without `NO_COLOR`, and never in a file.
 */
function render(
  report: Report,
  format: Exclude<Format, 'email'>,
  context: CliContext,
  toFile: boolean,
): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'csv':
      return renderCsv(report);
    case 'html':
      return renderHtml(report);
    case 'text': {
      const terminal = !toFile && context.stdout.isTTY === true;
      const noColor = context.env.NO_COLOR !== undefined && context.env.NO_COLOR !== '';
      const width = terminal ? (context.stdout.columns ?? 80) : FILE_WIDTH;
      return renderText(report, { width, color: terminal && !noColor });
    }
  }
}

/** Writes `text` to `file` through a temporary file beside it and a rename, so readers never see half a report. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.partial`,
  );
  try {
    await fs.writeFile(temp, text, { flag: 'wx' });
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw new AppError(
      'OUTPUT',
      `cannot write the report to ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      'Check that the folder exists and can be written, or leave --out out to print the report.',
      { cause: error },
    );
  }
}
