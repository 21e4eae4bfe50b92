import type { QueryParams } from '../engine/QueryEngine.js';
import { literal } from '../sql/sql.js';
import { QueryError } from '../util/errors.js';

/** Athena takes at most this many characters in one `ExecutionParameters` item. */
const MAX_PARAMETER = 1024;

/** A statement with `?` placeholders and the literal text of each, for StartQueryExecution. */
export interface BoundStatement {
  readonly sql: string;
  readonly parameters: string[];
}

/**
 * Turns the port's `$name` parameters into Athena's: each `$name` outside string literals, quoted
 * identifiers and comments becomes `?`, and its value the SQL literal Athena substitutes there
 * (`ExecutionParameters` are literal texts: a string is quoted, its quotes doubled, so the value
 * can never end the literal). A string longer than one parameter may hold goes as
 * `concat(?, ?, ...)` of pieces. Identifiers named in `rename` (outside literals) are replaced,
 * which maps the DuckDB view names to configured ones. Throws a QueryError for a `$name` without
 * a value.
 */
export function bindParameters(
  sql: string,
  params: QueryParams = {},
  rename: ReadonlyMap<string, string> = new Map(),
): BoundStatement {
  const parameters: string[] = [];
  const out = mapCode(sql, (code) =>
    code
      .replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
        if (!Object.hasOwn(params, name)) throw new QueryError(`the query uses $${name}, which has no value`);
        const pieces = literalPieces(params[name] ?? null);
        parameters.push(...pieces);
        return pieces.length === 1 ? '?' : `concat(${pieces.map(() => '?').join(', ')})`;
      })
      .replace(/(?<![.\w$])[A-Za-z_][A-Za-z0-9_]*(?!\w)/g, (word) => rename.get(word.toLowerCase()) ?? word),
  );
  return { sql: out, parameters };
}

/** The literal text(s) of one value; strings too long for one parameter are cut in pieces. */
function literalPieces(value: string | number | boolean | null): string[] {
  if (value === null) return ['NULL'];
  if (typeof value === 'boolean') return [value ? 'true' : 'false'];
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new QueryError(`a query parameter must be a finite number, not ${value}`);
    const text = String(value);
    return [Number.isInteger(value) || /e/i.test(text) ? text : `${text}E0`];
  }
  const pieces: string[] = [];
  let piece = '';
  for (const char of value) {
    const next = piece + char;
    if (literal(next).length > MAX_PARAMETER) {
      pieces.push(literal(piece));
      piece = char;
    } else piece = next;
  }
  pieces.push(literal(piece));
  return pieces;
}

/**
 * Applies `map` to the parts of `sql` that are code, leaving string literals (`'...'`), quoted
 * identifiers (`"..."`, renamed when `map` would rename their content) and comments as they are.
 */
function mapCode(sql: string, map: (code: string) => string): string {
  const token = /'(?:[^']|'')*'?|"(?:[^"]|"")*"?|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/g;
  let out = '';
  let last = 0;
  for (const match of sql.matchAll(token)) {
    out += map(sql.slice(last, match.index));
    const text = match[0];
    out +=
      text.startsWith('"') && /^"[A-Za-z_][A-Za-z0-9_]*"$/.test(text) ? `"${map(text.slice(1, -1))}"` : text;
    last = match.index + text.length;
  }
  return out + map(sql.slice(last));
}
