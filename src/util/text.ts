/**
 * Text from logs is attacker-controlled: before it reaches a terminal, control characters (which
 * could move the cursor, change colours or rewrite the screen) are shown as visible escapes.
 */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/** Cuts text to `width` characters, marking the cut with an ellipsis. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** Display length in characters (code points). */
export function displayLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** Orders text by UTF-16 code units, whatever the locale: the same order every run (`Array.sort`). */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export { formatBytes, formatCount } from './valueFormat.js';
