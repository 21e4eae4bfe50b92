/** One lexical token of Athena SQL (Trino's queries or Hive's DDL). */
export interface Token {
  readonly kind: 'string' | 'ident' | 'word' | 'number' | 'punct' | 'space' | 'comment';
  readonly text: string;
}

const TOKEN =
  /'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|--[^\n]*|\/\*[\s\S]*?\*\/|\s+|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|<>|!=|<=|>=|\|\||=>|->|[\s\S]/g;

/**
 * Splits SQL into tokens. String literals are Trino's (`''` for a quote, no backslash escapes);
 * an unterminated literal or identifier becomes a single-character punctuation token, which the
 * engine then refuses.
 */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  for (const [text] of sql.matchAll(TOKEN)) tokens.push({ kind: kindOf(text), text });
  return tokens;
}

function kindOf(text: string): Token['kind'] {
  const c = text[0] ?? '';
  if (text.length > 1 && c === "'") return 'string';
  if (text.length > 1 && (c === '"' || c === '`')) return 'ident';
  if (text.startsWith('--') || text.startsWith('/*')) return 'comment';
  if (/^\s/.test(c)) return 'space';
  if (/[A-Za-z_]/.test(c)) return 'word';
  if (/[\d.]/.test(c) && text !== '.') return 'number';
  return 'punct';
}

/** The text of a string literal token, unquoted. */
export function stringValue(token: Token): string {
  return token.text.slice(1, -1).replaceAll("''", "'");
}

/** The name an identifier or word token stands for: quotes removed, lower-cased as Athena does. */
export function nameOf(token: Token): string {
  if (token.kind !== 'ident') return token.text.toLowerCase();
  const quote = token.text[0] ?? '"';
  return token.text
    .slice(1, -1)
    .replaceAll(quote + quote, quote)
    .toLowerCase();
}

/** The tokens without spaces and comments. */
export function significant(tokens: readonly Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'space' && t.kind !== 'comment');
}

/** The SQL text of tokens, comments left out. */
export function textOf(tokens: readonly Token[]): string {
  return tokens
    .filter((t) => t.kind !== 'comment')
    .map((t) => t.text)
    .join('');
}

/**
 * The index of the `)` that closes the `(` at `open`, or -1. Literals are single tokens, so
 * their parentheses do not count.
 */
export function closingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const text = tokens[i]?.text;
    if (text === '(') depth++;
    else if (text === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Splits the tokens between parentheses at the commas of depth 0. */
export function splitArgs(tokens: readonly Token[]): Token[][] {
  const args: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.text === '(' || token.text === '[') depth++;
    if (token.text === ')' || token.text === ']') depth--;
    if (token.text === ',' && depth === 0) args.push([]);
    else args[args.length - 1]?.push(token);
  }
  return args.length === 1 && significant(args[0] ?? []).length === 0 ? [] : args;
}
