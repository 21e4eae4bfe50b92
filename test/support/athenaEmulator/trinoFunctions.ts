/**
 * Trino's string functions where DuckDB's differ, in JS, for the emulator to register as DuckDB
 * functions (registerTrinoFunctions.ts). Each follows what Trino does, not what would be nicer.
 */

/**
 * `url_decode`: Java's `URLDecoder.decode(value, UTF_8)`, which Trino calls. `+` becomes a space;
 * a `%` not followed by two hex digits throws (Trino: INVALID_FUNCTION_ARGUMENT); decoded bytes
 * that are not UTF-8 become U+FFFD instead of failing. Java's `Integer.parseInt` accepts a sign,
 * so `%+1` is the byte 1 and `%-1` throws.
 */
export function javaUrlDecode(value: string): string {
  let out = '';
  let i = 0;
  const n = value.length;
  while (i < n) {
    const c = value[i];
    if (c === '+') {
      out += ' ';
      i++;
    } else if (c !== '%') {
      out += c;
      i++;
    } else {
      const bytes: number[] = [];
      let current: string | undefined = c;
      while (i + 2 < n && current === '%') {
        bytes.push(hexByte(value.slice(i + 1, i + 3)));
        i += 3;
        current = i < n ? value[i] : undefined;
      }
      if (i < n && current === '%') throw new Error('URLDecoder: Incomplete trailing escape (%) pattern');
      out += new TextDecoder('utf-8').decode(Uint8Array.from(bytes));
    }
  }
  return out;
}

/** `Integer.parseInt(two, 16)` as Java does it, refusing negative values as URLDecoder does. */
function hexByte(two: string): number {
  if (!/^[+-]?[0-9A-Fa-f]+$/.test(two) || two.length !== 2) {
    throw new Error(`URLDecoder: Illegal hex characters in escape (%) pattern - For input string: "${two}"`);
  }
  const value = Number.parseInt(two, 16);
  if (value < 0) throw new Error('URLDecoder: Illegal hex characters in escape (%) pattern - negative value');
  return value;
}

const patterns = new Map<string, RegExp>();

/** A JS RegExp for a Trino (Joni, Java-syntax) pattern; the patterns used here mean the same in both. */
function compile(pattern: string, flags: string): RegExp {
  const key = `${flags}/${pattern}`;
  let regex = patterns.get(key);
  if (!regex) {
    regex = new RegExp(pattern, flags);
    patterns.set(key, regex);
  }
  regex.lastIndex = 0;
  return regex;
}

/** `regexp_replace(string, pattern[, replacement])`: every match replaced; `$1`, `${name}`, `\$` as in Trino. */
export function trinoRegexpReplace(value: string, pattern: string, replacement = ''): string {
  return value.replace(compile(pattern, 'gu'), (...args: unknown[]) => {
    const hasGroups = typeof args[args.length - 1] === 'object';
    const groups = (hasGroups ? args[args.length - 1] : {}) as Record<string, string | undefined>;
    const captures = args.slice(1, hasGroups ? -3 : -2) as (string | undefined)[];
    return expand(replacement, captures, groups);
  });
}

function expand(
  replacement: string,
  captures: readonly (string | undefined)[],
  groups: Record<string, string | undefined>,
): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\' && i + 1 < replacement.length) {
      out += replacement[++i];
    } else if (c === '$') {
      const named = /^\{([A-Za-z][A-Za-z0-9]*)\}/.exec(replacement.slice(i + 1));
      const numbered = /^\d+/.exec(replacement.slice(i + 1));
      if (named) {
        out += groups[named[1] as string] ?? '';
        i += named[0].length;
      } else if (numbered) {
        out += captures[Number(numbered[0]) - 1] ?? '';
        i += numbered[0].length;
      } else throw new Error('Illegal group reference in replacement');
    } else out += c;
  }
  return out;
}

/** `regexp_extract(string, pattern[, group])`: the first match's group, NULL when nothing matches. */
export function trinoRegexpExtract(value: string, pattern: string, group = 0): string | null {
  const match = compile(pattern, 'u').exec(value);
  return match ? (match[group] ?? null) : null;
}

/** `regexp_like(string, pattern)`: true when the pattern matches anywhere in the string. */
export function trinoRegexpLike(value: string, pattern: string): boolean {
  return compile(pattern, 'u').test(value);
}
