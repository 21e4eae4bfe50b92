/**
 * CloudFront's percent-encoding of log values: the UTF-8 bytes 0-32 and 127-255, and the
 * characters `< > " # % { } | \ ^ ~ [ ] ` '`, become `%XX` with uppercase hex. Everything else
 * (letters, digits, `/ : ; , ( ) = & + ? @ ! $ * - . _`) is written as is.
 */

const SPECIAL = '<>"#%{}|\\^~[]`\'';

const UNSAFE = new Uint8Array(256);
for (let b = 0; b < 256; b++)
  UNSAFE[b] = b <= 32 || b >= 127 || SPECIAL.includes(String.fromCharCode(b)) ? 1 : 0;

const HEX = Array.from({ length: 256 }, (_, b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`);

/**
 * A test for values that need no escaping: none of their characters is non-ASCII, a control
 * character, a space, one of CloudFront's specials, or one of `extra`.
 */
export function plainTest(extra = ''): (value: string) => boolean {
  const unsafe = UNSAFE.slice(0, 128);
  for (const c of extra) unsafe[c.charCodeAt(0)] = 1;
  return (value) => {
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c >= 128 || unsafe[c] === 1) return false;
    }
    return true;
  };
}

/** True for the values `percentEncode` leaves unchanged. */
export const isCloudFrontPlain = plainTest();

/**
 * The value as CloudFront writes it in a log. Non-ASCII characters become the `%XX` of their
 * UTF-8 bytes; a lone surrogate (not valid Unicode) is written as U+FFFD. With
 * `doubleEncodeSpaces` a space becomes `%2520`, as logs written before 2020 have it.
 */
export function percentEncode(value: string, doubleEncodeSpaces = false): string {
  if (isCloudFrontPlain(value)) return value;
  const bytes = Buffer.from(value, 'utf8');
  let out = '';
  let plainFrom = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (UNSAFE[b] === 0) continue;
    if (i > plainFrom) out += bytes.toString('latin1', plainFrom, i);
    out += b === 32 && doubleEncodeSpaces ? '%2520' : (HEX[b] as string);
    plainFrom = i + 1;
  }
  if (plainFrom < bytes.length) out += bytes.toString('latin1', plainFrom);
  return out;
}
