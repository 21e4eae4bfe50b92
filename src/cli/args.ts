import type { GlobalFlags } from '../store/storeConfig.js';
import { UsageError } from '../util/errors.js';
import type { ParsedArgs } from './context.js';
import { RESULT_FORMATS, type ResultFormat } from './render/renderResult.js';

/** The value of a string option, or undefined when it was not given. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** The store flags of a command line (`--data-dir`, `--store`), as `resolveStore` takes them. */
export function storeFlags(args: ParsedArgs): GlobalFlags {
  const dataDir = stringOption(args, 'data-dir');
  const store = stringOption(args, 'store');
  return {
    ...(dataDir !== undefined ? { 'data-dir': dataDir } : {}),
    ...(store !== undefined ? { store } : {}),
  };
}

/** `--format` of a command printing query rows: `table` (default), `csv` or `json`. */
export function resultFormat(args: ParsedArgs): ResultFormat {
  const value = args.values.format;
  if (value === undefined) return 'table';
  if (RESULT_FORMATS.includes(value as ResultFormat)) return value as ResultFormat;
  throw new UsageError(`--format ${String(value)}: use one of ${RESULT_FORMATS.join(', ')}`);
}
