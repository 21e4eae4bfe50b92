/**
 * The SQL that cleans one free-text value of a log, shared by every engine that curates logs:
 * backslash escapes are removed (Amplify writes `\(`, `\)`, `\=`), then the value is
 * percent-decoded exactly once. A value whose decoded bytes are not valid UTF-8 keeps its
 * undecoded (but unescaped) text instead of failing. Only values that contain `%` or `\` are
 * touched, and the backslash pass runs only where there is a backslash: most values are clean,
 * and this expression runs on every row of every import.
 *
 * `expr` must be a column reference or other side-effect-free SQL expression.
 */
export function decodeSql(expr: string): string {
  const unescaped = `replace(${expr}, '\\', '')`;
  const maybeUnescaped = `CASE WHEN contains(${expr}, '\\') THEN ${unescaped} ELSE ${expr} END`;
  return (
    `CASE WHEN contains(${expr}, '%') THEN coalesce(try(url_decode(${maybeUnescaped})), ${unescaped}) ` +
    `WHEN contains(${expr}, '\\') THEN ${unescaped} ELSE ${expr} END`
  );
}
