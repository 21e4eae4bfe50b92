import { parseArgs } from 'node:util';
import { AppError, UsageError } from '../errors.js';
import { athenaCommand } from './commands/athenaCommand.js';
import { collectCommand } from './commands/collectCommand.js';
import { demoCommand } from './commands/demoCommand.js';
import { importCommand } from './commands/importCommand.js';
import { queryCommand } from './commands/queryCommand.js';
import { reportCommand } from './commands/reportCommand.js';
import { type CliContext, type Command, clockFrom, type OptionsConfig, type ParsedArgs } from './context.js';

const COMMANDS: readonly Command[] = [
  demoCommand,
  importCommand,
  collectCommand,
  queryCommand,
  reportCommand,
  athenaCommand,
];

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
    context.stdout.write(renderUsage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    context.stdout.write(`${await version()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command)
    throw new UsageError(
      `unknown command ${JSON.stringify(name)}`,
      'Run amplify-logs --help for the commands.',
    );
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
export function renderUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'amplify-logs: traffic analytics for AWS Amplify Hosting access logs',
    '',
    'Usage: amplify-logs <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    ...GLOBAL_HELP,
    '',
    "Run amplify-logs <command> --help for a command's own options.",
    '',
  ].join('\n');
}

export function renderCommandHelp(command: Command): string {
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
