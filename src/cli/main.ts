import { parseArgs } from 'node:util';
import { AppError, UsageError } from '../util/errors.js';
import { type CliContext, type Command, clockFrom, type OptionsConfig, type ParsedArgs } from './context.js';

/**
 * The commands in the order the usage lists them, each loaded only when it runs: a process holds
 * only its command's modules. That is memory `collect` counts (the report's modules alone hold
 * about 10 MB).
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  demo: async () => (await import('./commands/demoCommand.js')).demoCommand,
  import: async () => (await import('./commands/importCommand.js')).importCommand,
  collect: async () => (await import('./commands/collectCommand.js')).collectCommand,
  query: async () => (await import('./commands/queryCommand.js')).queryCommand,
  report: async () => (await import('./commands/reportCommand.js')).reportCommand,
  athena: async () => (await import('./commands/athenaCommand.js')).athenaCommand,
  summarize: async () => (await import('./commands/summarizeCommand.js')).summarizeCommand,
  serve: async () => (await import('./commands/serveCommand.js')).serveCommand,
  privacy: async () => (await import('./commands/privacyCommand.js')).privacyCommand,
  prune: async () => (await import('./commands/pruneCommand.js')).pruneCommand,
};

const GLOBAL_OPTIONS: OptionsConfig = {
  'data-dir': { type: 'string' },
  store: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const GLOBAL_HELP = [
  '  --data-dir DIR        the local store folder (default ./amplify-logs-data, env AMPLIFY_LOGS_DATA_DIR)',
  '  --store URL           s3://bucket/prefix or a folder, instead of --data-dir',
  '  --debug               print the stack of an error',
  '  -h, --help            this help',
];

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], context: CliContext = processContext()): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    return await dispatch(argv, context);
  } catch (error) {
    return reportError(error, context, debug);
  }
}

async function dispatch(argv: readonly string[], context: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    context.stdout.write(await renderUsage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    context.stdout.write(`${await version()}\n`);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load)
    throw new UsageError(
      `unknown command ${JSON.stringify(name)}`,
      'Run amplify-logs --help for the commands.',
    );
  const command = await load();
  const args = parse(command, rest);
  if (args.values.help) {
    context.stdout.write(renderCommandHelp(command));
    return 0;
  }
  return command.run(context, args);
}

function parse(command: Command, args: readonly string[]): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    const sentence = ((error as Error).message.split(/\.( |$)/)[0] ?? '').trim();
    const message = `${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`;
    throw new UsageError(`${command.name}: ${message}`, `Run amplify-logs ${command.name} --help.`);
  }
}

function reportError(error: unknown, context: CliContext, debug: boolean): number {
  if (error instanceof AppError) {
    context.stderr.write(`amplify-logs: ${error.message}\n`);
    if (error.hint) context.stderr.write(`  ${error.hint}\n`);
    if (debug) context.stderr.write(`${error.stack ?? ''}\n`);
    return error.exitCode;
  }
  context.stderr.write(
    `amplify-logs: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  context.stderr.write(
    debug ? `${(error as Error).stack ?? ''}\n` : '  Run again with --debug for the stack, and report it.\n',
  );
  return 1;
}

/** The top-level usage text. */
async function renderUsage(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'amplify-logs: traffic analytics for AWS Amplify Hosting access logs',
    '',
    'Usage: amplify-logs <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    ...GLOBAL_HELP,
    '',
    "Run amplify-logs <command> --help for a command's own options.",
    '',
  ].join('\n');
}

function renderCommandHelp(command: Command): string {
  return [
    `Usage: amplify-logs ${command.name} ${command.usage}`,
    '',
    `${command.summary[0]?.toUpperCase()}${command.summary.slice(1)}.`,
    '',
    ...command.help,
    '',
    'Options for every command:',
    ...GLOBAL_HELP,
    '',
  ].join('\n');
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
  return String(manifest.version);
}

function processContext(): CliContext {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    now: clockFrom(process.env),
  };
}
