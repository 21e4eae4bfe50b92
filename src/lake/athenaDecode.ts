/**
 * Athena's spelling of src/format/decodeSql.ts: backslash escapes removed, then percent-decoded
 * exactly once, a value whose decoded bytes are not UTF-8 keeping its undecoded (unescaped) text.
 * The result equals DuckDB's on every input, which takes three differences into account, all from
 * Trino's `url_decode` being Java's `URLDecoder`:
 * - it turns `+` into a space (DuckDB keeps `+`): `+` is first written `%2B`, which decodes to `+`;
 * - it fails on a `%` not followed by two hex digits (DuckDB keeps such a `%` as it is): each is
 *   first written `%25`, which decodes to `%`;
 * - it replaces bytes that are not UTF-8 with U+FFFD (DuckDB fails): the decoded text is kept only
 *   when it holds no more U+FFFD than the value did, counting those it spelled `%EF%BF%BD`.
 *
 * The backslash is written `chr(92)`: a `'\'` literal means one backslash to Trino but starts an
 * escape for Hive and MySQL-minded tools, so this spelling reads the same everywhere.
 *
 * `expr` must be a side-effect-free expression (it is repeated).
 */
export function athenaDecodeSql(expr: string): string {
  const unescaped = `replace(${expr}, chr(92), '')`;
  return (
    `CASE WHEN strpos(${expr}, '%') > 0 THEN ${decodeOnce(unescaped)} ` +
    `WHEN strpos(${expr}, chr(92)) > 0 THEN ${unescaped} ELSE ${expr} END`
  );
}

function decodeOnce(value: string): string {
  const safe = `regexp_replace(replace(${value}, '+', '%2B'), '%(?![0-9A-Fa-f]{2})', '%25')`;
  const decoded = `url_decode(${safe})`;
  const replacements = `${count(decoded, 'chr(65533)', 1)} = ${count(value, 'chr(65533)', 1)} + ${count(`upper(${value})`, "'%EF%BF%BD'", 9)}`;
  return `CASE WHEN ${replacements} THEN ${decoded} ELSE ${value} END`;
}

/** How many times `needle` (of `size` characters) occurs in `text`. */
function count(text: string, needle: string, size: number): string {
  const removed = `length(${text}) - length(replace(${text}, ${needle}, ''))`;
  return size === 1 ? `(${removed})` : `((${removed}) / ${size})`;
}
