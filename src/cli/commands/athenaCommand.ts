import type { AthenaConfig } from '../../athena/athenaConfig.js';
import { renderStatements, setupStatements } from '../../lake/ddl.js';
import { openStore } from '../../store/openStore.js';
import { describeStore } from '../../store/storeConfig.js';
import { UsageError } from '../../util/errors.js';
import { resultFormat, stringOption } from '../args.js';
import {
  athenaConfigFromArgs,
  athenaEngine,
  runOptions,
  type S3StoreConfig,
  s3StoreConfig,
  writeCost,
} from '../athenaArgs.js';
import type { CliContext, Command, ParsedArgs } from '../context.js';
import { renderResult } from '../render/renderResult.js';

const SUBCOMMANDS = ['ddl', 'setup', 'repair', 'query', 'compact'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

/** The options each subcommand takes, besides --database, --table, --workgroup, --output-location. */
const OWN_OPTIONS: Readonly<Record<Subcommand, readonly string[]>> = {
  ddl: ['replace'],
  setup: ['replace', 'json'],
  repair: ['msck', 'since', 'json'],
  query: ['format'],
  compact: ['day', 'json'],
};

export const athenaCommand: Command = {
  name: 'athena',
  summary: 'set up, repair, query and compact the store with Amazon Athena',
  usage: 'ddl|setup|repair|query|compact [options]',
  options: {
    database: { type: 'string' },
    table: { type: 'string' },
    workgroup: { type: 'string' },
    'output-location': { type: 'string' },
    replace: { type: 'boolean' },
    msck: { type: 'boolean' },
    since: { type: 'string' },
    format: { type: 'string', short: 'f' },
    day: { type: 'string' },
    json: { type: 'boolean' },
  },
  help: [
    'Runs the same views and queries on Athena over the S3 store (--store s3://bucket/prefix or',
    'S3_BUCKET_NAME + S3_BUCKET_PREFIX). Every query is followed until it succeeds or fails.',
    '',
    '  ddl [--replace]                 print the statements setup runs',
    '  setup [--replace]               create the database, the curated table (Parquet, partition',
    '                                  projection: no partitions to register), the raw table over the',
    '                                  collected CSV windows, and the views access_logs, _today,',
    '                                  _yesterday, _week, _month (UTC), _raw_decoded and the visits',
    '                                  views _visits, _visits_today, ... (which leave out the bot',
    '                                  user agents it lists in state/bot-agents/); --replace',
    '                                  drops and re-creates the tables first (the data stays)',
    "  repair [--since DAY] [--msck]   register the raw table's day partitions (or run MSCK REPAIR",
    "                                  TABLE); exits 1 with Athena's reason when it fails",
    '  query "<sql>" [--format table|csv|json]',
    '                                  run SQL; the bytes scanned and the cost ($5/TB, 10 MB minimum)',
    '                                  go to stderr',
    '  compact --day YYYY-MM-DD        curate a day on Athena: its raw windows decoded, deduplicated',
    '                                  and merged into its Parquet day file, replaced in one piece',
    '',
    '  --database NAME         the Glue database (env ATHENA_DATABASE, default amplify_logs)',
    '  --table NAME            the base name of the tables and views (env ATHENA_TABLE_NAME,',
    '                          default access_logs)',
    '  --workgroup NAME        the workgroup (env ATHENA_WORKGROUP, default primary)',
    "  --output-location URL   where results go (env S3_OUTPUT_LOCATION, default the workgroup's)",
    '  --json                  print one JSON object on stdout (setup, repair, compact)',
    '',
    "AWS credentials, region and endpoints come from the SDK's standard chain (AWS_PROFILE,",
    'AWS_REGION, AWS_ENDPOINT_URL_ATHENA, ...).',
  ],
  async run(context, args) {
    const [sub, ...rest] = args.positionals;
    if (!SUBCOMMANDS.includes(sub as Subcommand)) {
      throw new UsageError(
        sub === undefined ? 'athena needs a subcommand' : `unknown athena subcommand ${JSON.stringify(sub)}`,
        `Use one of ${SUBCOMMANDS.join(', ')}; run amplify-logs athena --help.`,
      );
    }
    const subcommand = sub as Subcommand;
    checkOptions(subcommand, args);
    if (subcommand !== 'query' && rest.length > 0) {
      throw new UsageError(`athena ${subcommand} takes no arguments, got ${JSON.stringify(rest[0])}`);
    }
    const storeConfig = s3StoreConfig(context, args);
    const config = athenaConfigFromArgs(context, args, storeConfig);
    if (subcommand === 'ddl') {
      context.stdout.write(
        renderStatements(setupStatements(config, { replace: Boolean(args.values.replace) })),
      );
      return 0;
    }
    return SUBCOMMAND_RUNS[subcommand](context, args, config, storeConfig);
  },
};

type Run = (
  context: CliContext,
  args: ParsedArgs,
  config: AthenaConfig,
  store: S3StoreConfig,
) => Promise<number>;

const SUBCOMMAND_RUNS: Readonly<Record<Exclude<Subcommand, 'ddl'>, Run>> = {
  async setup(context, args, config, storeConfig) {
    const { runQuery } = await import('../../athena/runQuery.js');
    const { refreshBotAgents } = await import('../../lake/botAgents.js');
    const client = await athenaClient();
    try {
      const made: string[] = [];
      for (const statement of setupStatements(config, { replace: Boolean(args.values.replace) })) {
        // Every name is qualified, and the database may not exist yet: no database context.
        await runQuery(
          client,
          { ...request(config, statement.sql), database: undefined },
          runOptions(context),
        );
        if (!args.values.json) context.stderr.write(`athena: ${statement.what}: done\n`);
        made.push(statement.what);
      }
      const engine = await athenaEngine(context, config);
      const { agents } = await refreshBotAgents(engine, await openStore(storeConfig)).finally(() =>
        engine.close(),
      );
      writeCost(context, engine.spent);
      if (!args.values.json) context.stderr.write(`athena: bot agents: ${agents} listed\n`);
      context.stdout.write(
        args.values.json
          ? `${JSON.stringify({ database: config.database, made, botAgents: agents }, null, 2)}\n`
          : `Athena is set up: ${made.length} statements in database ${config.database}. Register raw days with: amplify-logs athena repair\n`,
      );
      return 0;
    } finally {
      client.destroy();
    }
  },

  async repair(context, args, config, storeConfig) {
    const { repairRaw } = await import('../../lake/repair.js');
    const since = stringOption(args, 'since');
    if (since !== undefined && !isDay(since))
      throw new UsageError(`--since ${since}: give a day as YYYY-MM-DD`);
    if (since !== undefined && args.values.msck) {
      throw new UsageError(
        '--since goes with the default repair: MSCK REPAIR TABLE reads the whole table location',
      );
    }
    const client = await athenaClient();
    try {
      const result = await repairRaw({
        config,
        store: await openStore(storeConfig),
        client,
        run: runOptions(context),
        msck: Boolean(args.values.msck),
        ...(since ? { since } : {}),
        log: (line) => context.stderr.write(`athena: ${line}\n`),
      });
      writeCost(context, result.cost);
      context.stdout.write(
        args.values.json
          ? `${JSON.stringify(result, null, 2)}\n`
          : `${args.values.msck ? 'MSCK REPAIR TABLE added' : 'registered'} ${result.days.length} day(s) of raw windows in ${config.database}.${config.table}_raw\n`,
      );
      return 0;
    } finally {
      client.destroy();
    }
  },

  async query(context, args, config) {
    const [, sql, ...extra] = args.positionals;
    if (sql === undefined || sql.trim() === '')
      throw new UsageError('athena query needs the SQL to run, in quotes');
    if (extra.length > 0)
      throw new UsageError('athena query takes one SQL string: put the whole query in quotes');
    const format = resultFormat(args);
    const stop = new AbortController();
    const onInterrupt = () => stop.abort();
    process.once('SIGINT', onInterrupt);
    const engine = await athenaEngine(context, config, stop.signal);
    try {
      const result = await engine.query(sql);
      const width = context.stdout.isTTY ? context.stdout.columns : undefined;
      context.stdout.write(renderResult(result, format, width));
      writeCost(context, engine.spent);
      return 0;
    } finally {
      process.off('SIGINT', onInterrupt);
      await engine.close();
    }
  },

  async compact(context, args, config, storeConfig) {
    const day = stringOption(args, 'day');
    if (day === undefined || !isDay(day)) throw new UsageError('athena compact needs --day YYYY-MM-DD');
    const { compactDay } = await import('../../lake/compact.js');
    const client = await athenaClient();
    try {
      const result = await compactDay(day, {
        config,
        store: await openStore(storeConfig),
        client,
        run: runOptions(context),
        log: (line) => context.stderr.write(`athena: ${line}\n`),
      });
      writeCost(context, result.cost);
      const rejected = result.rejected.reduce((sum, r) => sum + r.lines, 0);
      context.stdout.write(
        args.values.json
          ? `${JSON.stringify({ store: describeStore(storeConfig), ...result }, null, 2)}\n`
          : `${day}: ${result.added} new request(s), ${result.rows} in all (${result.held} before), from ${result.rawRows} raw line(s); ${rejected} raw line(s) not kept${result.replaced ? '' : '; the day file is unchanged'}\n`,
      );
      return 0;
    } finally {
      client.destroy();
    }
  },
};

function checkOptions(sub: Subcommand, args: ParsedArgs): void {
  const own = new Set(Object.values(OWN_OPTIONS).flat());
  for (const name of own) {
    if (args.values[name] !== undefined && !OWN_OPTIONS[sub].includes(name)) {
      throw new UsageError(`athena ${sub} does not take --${name}`, 'Run amplify-logs athena --help.');
    }
  }
}

async function athenaClient() {
  const { createAthenaClient } = await import('../../athena/athenaClient.js');
  return createAthenaClient();
}

function request(config: AthenaConfig, sql: string) {
  return {
    sql,
    database: config.database,
    workGroup: config.workGroup,
    outputLocation: config.outputLocation,
  };
}

function isDay(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
  );
}
