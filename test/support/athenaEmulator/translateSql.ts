import {
  closingParen,
  significant,
  splitArgs,
  stringValue,
  type Token,
  textOf,
  tokenize,
} from './sqlTokens.js';

/**
 * The translation of Athena's SQL (Trino) to DuckDB's, as the emulator runs it: everything the
 * two engines spell alike passes through; the differences this project's statements meet are
 * listed here, one rule each, and nothing else is rewritten. Session settings complete it:
 * `integer_division` (Trino divides integers as integers) and the UTC time zone.
 */
export const TRANSLATIONS: readonly {
  readonly trino: string;
  readonly duckdb: string;
  readonly why: string;
}[] = [
  { trino: 'current_date', duckdb: "DATE 'YYYY-MM-DD'", why: "the emulator's clock, in UTC" },
  {
    trino: "date_add('unit', n, x)",
    duckdb: '(x + (n) * INTERVAL 1 unit)',
    why: 'DuckDB has no unit-first date_add (and its result is a timestamp)',
  },
  {
    trino: 'url_decode(s)',
    duckdb: 'trino_url_decode(s)',
    why: "Java's URLDecoder: + is a space, bad % fails",
  },
  {
    trino: 'regexp_replace(s, p[, r])',
    duckdb: "trino_regexp_replace(s, p, r or '')",
    why: 'Trino replaces every match, with $1 group references',
  },
  {
    trino: 'regexp_extract(s, p[, g])',
    duckdb: 'trino_regexp_extract(s, p, g or 0)',
    why: "Trino gives NULL when nothing matches, DuckDB ''",
  },
  {
    trino: 'regexp_like(s, p)',
    duckdb: 'trino_regexp_like(s, p)',
    why: 'Java regular expressions (lookahead)',
  },
  {
    trino: 'concat(a, b, ...)',
    duckdb: '((a) || (b) || ...)',
    why: 'Trino is NULL when any part is, DuckDB skips NULLs',
  },
  { trino: 'to_utf8(s)', duckdb: 'encode(s)', why: 'text to its UTF-8 bytes, another name' },
  {
    trino: 'md5(b)',
    duckdb: 'unhex(md5(b))',
    why: "Trino's md5 gives bytes, DuckDB's gives their hex",
  },
  { trino: 'to_hex(b)', duckdb: 'hex(b)', why: 'upper-case hex of bytes, another name' },
  { trino: 'json_parse(s)', duckdb: 'json(s)', why: 'the same function, another name' },
  { trino: 'ARRAY(VARCHAR)', duckdb: 'VARCHAR[]', why: 'the array type spelling' },
  { trino: 'array_join(a, sep)', duckdb: 'array_to_string(a, sep)', why: 'the same function, another name' },
  {
    trino: 'approx_percentile(x, p)',
    duckdb: 'quantile_cont(x, p)',
    why: 'exact here, approximate on Athena',
  },
  {
    trino: "date_format(x, 'format')",
    duckdb: "strftime(x, 'format')",
    why: 'MySQL format codes (%i minutes, %s seconds) become strftime ones (%M, %S)',
  },
];

/** MySQL-style `date_format` codes → `strftime` codes (the ones this project uses and their kin). */
const FORMAT_CODES: Readonly<Record<string, string>> = {
  '%Y': '%Y',
  '%m': '%m',
  '%d': '%d',
  '%H': '%H',
  '%i': '%M',
  '%s': '%S',
  '%S': '%S',
  '%T': '%H:%M:%S',
  '%%': '%%',
};

const DATE_UNITS = new Set([
  'millisecond',
  'second',
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'quarter',
  'year',
]);

type Rule = (args: string[]) => string;

const CALLS: Readonly<Record<string, Rule>> = {
  date_add: ([unit = '', n, x]) => {
    const name = /^'(\w+)'$/.exec(unit.trim())?.[1]?.toLowerCase() ?? '';
    if (!DATE_UNITS.has(name)) throw new Error(`date_add: unknown unit ${unit}`);
    return `(${x} + (${n}) * INTERVAL 1 ${name.toUpperCase()})`;
  },
  url_decode: (args) => `trino_url_decode(${args.join(', ')})`,
  regexp_replace: ([s, p, r = "''"]) => `trino_regexp_replace(${s}, ${p}, ${r})`,
  regexp_extract: ([s, p, g = '0']) => `trino_regexp_extract(${s}, ${p}, ${g})`,
  regexp_like: (args) => `trino_regexp_like(${args.join(', ')})`,
  concat: (args) => `(${args.map((a) => `(${a})`).join(' || ')})`,
  to_utf8: (args) => `encode(${args.join(', ')})`,
  md5: (args) => `unhex(md5(${args.join(', ')}))`,
  to_hex: (args) => `hex(${args.join(', ')})`,
  json_parse: (args) => `json(${args.join(', ')})`,
  array_join: (args) => `array_to_string(${args.join(', ')})`,
  approx_percentile: (args) => `quantile_cont(${args.join(', ')})`,
  date_format: ([x, format = '']) => {
    if (!/^'[^']*'$/.test(format)) throw new Error('date_format: the emulator needs a literal format');
    const codes = format.replace(/%./g, (code) => {
      const mapped = FORMAT_CODES[code];
      if (!mapped) throw new Error(`date_format: the emulator does not know ${code}`);
      return mapped;
    });
    return `strftime(${x}, ${codes})`;
  },
};

/** Athena SQL → DuckDB SQL, by the rules of `TRANSLATIONS`. `today` is `YYYY-MM-DD` (UTC). */
export function translateSql(sql: string, today: string): string {
  return rewrite(tokenize(sql), today);
}

function rewrite(tokens: readonly Token[], today: string): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind === 'comment') continue;
    if (token.kind !== 'word') {
      out += token.text;
      continue;
    }
    const word = token.text.toLowerCase();
    const open = nextSignificant(tokens, i + 1);
    const isCall = tokens[open]?.text === '(' && !isQualified(tokens, i);
    if (word === 'current_date' && !isCall) {
      out += `DATE '${today}'`;
      continue;
    }
    const rule = CALLS[word];
    if (isCall && (rule || word === 'array')) {
      const close = closingParen(tokens, open);
      if (close < 0) throw new Error(`unbalanced parentheses after ${token.text}`);
      const args = splitArgs(tokens.slice(open + 1, close)).map((arg) => rewrite(arg, today).trim());
      if (word === 'array')
        out +=
          args.length === 1 && /^varchar$/i.test(args[0] ?? '')
            ? 'VARCHAR[]'
            : textOf(tokens.slice(i, close + 1));
      else out += (rule as Rule)(args);
      i = close;
      continue;
    }
    out += token.text;
  }
  return out;
}

function nextSignificant(tokens: readonly Token[], from: number): number {
  let i = from;
  while (i < tokens.length && (tokens[i]?.kind === 'space' || tokens[i]?.kind === 'comment')) i++;
  return i;
}

/** `x.concat(...)` is a member, not a call of the function. */
function isQualified(tokens: readonly Token[], index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const token = tokens[i] as Token;
    if (token.kind === 'space' || token.kind === 'comment') continue;
    return token.text === '.';
  }
  return false;
}

/**
 * Puts Athena's `ExecutionParameters` in place of the `?` placeholders, in order. Each must be
 * one literal (a quoted string, a number, `true`, `false`, `NULL`, or a typed literal such as
 * `DATE '...'`): anything else is refused, so a client pasting SQL into a parameter is caught.
 */
export function substituteParameters(sql: string, parameters: readonly string[]): string {
  const tokens = tokenize(sql);
  const marks = tokens.filter((t) => t.text === '?').length;
  if (marks !== parameters.length) {
    throw new Error(
      `the query has ${marks} parameter placeholder(s) but ${parameters.length} execution parameter(s) were given`,
    );
  }
  let next = 0;
  return tokens
    .map((t) => {
      if (t.text !== '?') return t.text;
      const value = parameters[next++] ?? '';
      if (!isLiteral(value))
        throw new Error(`execution parameter ${next} is not a literal: ${value.slice(0, 40)}`);
      return value;
    })
    .join('');
}

function isLiteral(text: string): boolean {
  const tokens = significant(tokenize(text.trim()));
  const [first, second] = tokens;
  if (tokens.length === 1 && first) {
    return first.kind === 'string' || first.kind === 'number' || /^(true|false|null)$/i.test(first.text);
  }
  if (tokens.length === 2 && first?.kind === 'word' && second?.kind === 'string') {
    return (
      /^(date|timestamp|time|double|real|decimal|varchar)$/i.test(first.text) &&
      stringValue(second) !== undefined
    );
  }
  return tokens.length === 2 && first?.text === '-' && second?.kind === 'number';
}
