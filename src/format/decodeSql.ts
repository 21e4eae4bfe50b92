/**
 * The SQL that cleans one text value of a log, shared by every engine that curates logs:
 * backslash escapes are removed (Amplify writes `\(`, `\)`, `\=`), then the value is
 * percent-decoded exactly once. A value whose decoded bytes are not valid UTF-8 keeps its
 * undecoded (but unescaped) text instead of failing. Only values that contain `%` or `\` are
 * touched, which keeps the common case cheap.
 *
 * `expr` must be a column reference or other side-effect-free SQL expression.
 */
export function decodeSql(expr: string): string {
  const unescaped = `replace(${expr}, '\\', '')`;
  return (
    `CASE WHEN contains(${expr}, '%') THEN coalesce(try(url_decode(${unescaped})), ${unescaped}) ` +
    `WHEN contains(${expr}, '\\') THEN ${unescaped} ELSE ${expr} END`
  );
}
