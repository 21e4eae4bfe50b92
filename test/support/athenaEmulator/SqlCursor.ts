import type { ColumnSpec, QualifiedName } from './parseStatement.js';
import { nameOf, stringValue, type Token } from './sqlTokens.js';

/** A Hive DDL string literal's value: backslash escapes (`\t`, `\001`, `\\`), unlike Trino's literals. */
function hiveString(token: Token): string {
  const escapes: Record<string, string> = { t: '\t', n: '\n', r: '\r' };
  return token.text
    .slice(1, -1)
    .replace(/\\([0-7]{3}|.)/g, (_, c: string) =>
      c.length === 3 ? String.fromCharCode(Number.parseInt(c, 8)) : (escapes[c] ?? c),
    );
}

/** Reads the tokens of one statement, left to right. */
export class SqlCursor {
  private at = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peek(): Token | undefined {
    return this.tokens[this.at];
  }

  peekWord(): string | undefined {
    const token = this.peek();
    return token?.kind === 'word' ? token.text.toLowerCase() : undefined;
  }

  next(): Token | undefined {
    return this.tokens[this.at++];
  }

  done(): boolean {
    return this.at >= this.tokens.length;
  }

  accept(word: string): boolean {
    if (this.peekWord() !== word) return false;
    this.at++;
    return true;
  }

  acceptAll(...words: string[]): boolean {
    const saved = this.at;
    for (const word of words) {
      if (!this.accept(word)) {
        this.at = saved;
        return false;
      }
    }
    return true;
  }

  acceptText(text: string): boolean {
    if (this.peek()?.text !== text) return false;
    this.at++;
    return true;
  }

  expect(word: string): void {
    if (!this.accept(word)) throw this.error(word.toUpperCase());
  }

  expectText(text: string): void {
    if (!this.acceptText(text)) throw this.error(`'${text}'`);
  }

  error(expected?: string): Error {
    const found = this.peek()?.text ?? '<EOF>';
    return new Error(`line 1:1: mismatched input '${found}'${expected ? `. Expecting: ${expected}` : ''}`);
  }

  name(): string {
    const token = this.next();
    if (!token || (token.kind !== 'word' && token.kind !== 'ident')) throw this.error('a name');
    return nameOf(token);
  }

  qualifiedName(): QualifiedName {
    const first = this.name();
    return this.acceptText('.')
      ? { database: first, name: this.name() }
      : { database: undefined, name: first };
  }

  string(): string {
    const token = this.next();
    if (token?.kind !== 'string') throw this.error('a string');
    return hiveString(token);
  }

  columnList(): ColumnSpec[] {
    this.expectText('(');
    const columns: ColumnSpec[] = [];
    do {
      const name = this.name();
      let type = '';
      let depth = 0;
      while (!this.done()) {
        const text = this.peek()?.text ?? '';
        if (depth === 0 && (text === ',' || text === ')')) break;
        if (text === '(' || text === '<') depth++;
        if (text === ')' || text === '>') depth--;
        type += this.next()?.text.toLowerCase();
      }
      if (this.accept('comment')) this.string();
      columns.push({ name, type });
    } while (this.acceptText(','));
    this.expectText(')');
    return columns;
  }

  /** `('key' = 'value', ...)`. */
  properties(): Record<string, string> {
    const properties: Record<string, string> = {};
    this.expectText('(');
    do {
      const key = this.string();
      this.expectText('=');
      properties[key] = this.string();
    } while (this.acceptText(','));
    this.expectText(')');
    return properties;
  }

  /** CTAS's `WITH (key = 'value', key = ARRAY['a', 'b'], key = 1)`: Trino literals. */
  withProperties(): Record<string, string | string[]> {
    const properties: Record<string, string | string[]> = {};
    this.expectText('(');
    do {
      const key = this.name();
      this.expectText('=');
      if (this.accept('array')) {
        this.expectText('[');
        const values: string[] = [];
        while (!this.acceptText(']')) {
          const token = this.next();
          if (token?.kind === 'string') values.push(stringValue(token));
          else if (token?.text !== ',') throw this.error("']'");
        }
        properties[key] = values;
      } else {
        const token = this.next();
        properties[key] = token?.kind === 'string' ? stringValue(token) : (token?.text ?? '');
      }
    } while (this.acceptText(','));
    this.expectText(')');
    return properties;
  }
}
