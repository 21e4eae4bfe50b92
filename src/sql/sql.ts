/**
 * The one place SQL text is assembled from values. Identifiers go through `ident`, literals the
 * engine cannot take as bound parameters (file paths in table functions, DDL) through `literal`.
 * Values that come from logs are never put into SQL text: they are bound as parameters.
 */

/** A double-quoted SQL identifier; embedded quotes are doubled. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted SQL string literal; embedded quotes are doubled. Rejects NUL, which no engine accepts. */
export function literal(value: string): string {
  if (value.includes('\0')) throw new Error('a SQL literal cannot contain a NUL character');
  return `'${value.replaceAll("'", "''")}'`;
}

/** A SQL list literal of strings: `['a', 'b']`. */
export function literalList(values: readonly string[]): string {
  return `[${values.map(literal).join(', ')}]`;
}
