import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { LogRecord } from '../../format/schema.js';
import type { BadLines } from './badLines.js';
import type { Random } from './random.js';
import {
  type AmplifyLineOptions,
  cloudFrontPreamble,
  formatAmplifyLine,
  formatCloudFrontLine,
} from './writers.js';

/**
 * Writes the files of a demo download folder and keeps what the result reports: the files, the
 * valid lines and distinct request ids written, the lines to reject, and a note a quirk naming a
 * file that shows it.
 */

export interface Section {
  readonly header: string;
  readonly rows: readonly LogRecord[];
}

/** Quirks of the values themselves, noted at the first file that shows each. */
const VALUE_QUIRKS: readonly { readonly note: string; readonly test: (r: LogRecord) => boolean }[] = [
  { note: 'IPv6 clients in c-ip', test: (r) => (r.request_ip ?? '').includes(':') },
  { note: 'status 000 (the viewer hung up)', test: (r) => r.status === 0 },
  { note: 'percent-encoded UTF-8 (%C3%A9) in paths', test: (r) => /[\u0080-\uffff]/.test(r.uri ?? '') },
  { note: '\\( in user agents', test: (r) => (r.user_agent ?? '').includes('(') },
  { note: '\\= in query strings', test: (r) => (r.query_string ?? '').includes('=') },
  {
    note: 'attack payloads in paths and query strings (text to escape)',
    test: (r) => /[<>"']/.test(`${r.uri}${r.query_string}`),
  },
];

export class DemoWriter {
  private readonly files: string[] = [];
  private readonly ids = new Set<string>();
  private readonly notes: string[] = [];
  private readonly seen = new Set<string>();
  private lines = 0;
  private rejected = 0;

  constructor(
    private readonly dir: string,
    private readonly rng: Random,
  ) {}

  /** An Amplify CSV file of one or more sections (header + rows), with damaged lines if given. */
  async amplify(
    name: string,
    sections: readonly Section[],
    options: AmplifyLineOptions,
    bad?: BadLines,
  ): Promise<void> {
    const texts = sections.map((s) => [s.header, ...s.rows.map((r) => this.line(name, r, options))]);
    let tail = '';
    if (bad) {
      const rows = texts[0] as string[];
      rows.splice(Math.max(1, rows.length >> 1), 0, ...bad.middle);
      tail = bad.end;
      this.ids.add(bad.keptId);
      this.lines++;
      this.rejected += bad.rejected;
      this.note(`damaged lines to reject (${bad.reasons.join('; ')}) and ${bad.keptNote}`, name);
    }
    await this.write(name, `${texts.map((t) => t.join('\n')).join('\n')}\n${tail}`);
  }

  /** CloudFront gzip logs (33 fields) of `rows` of `date`, one file an hour; hour 12 in two files. */
  async cloudFront(date: string, rows: readonly LogRecord[]): Promise<string[]> {
    const names: string[] = [];
    for (let hour = 0; hour < 24; hour++) {
      const inHour = rows.filter((r) => Number((r.time as string).slice(0, 2)) === hour);
      const half = inHour.length >> 1;
      const parts = hour === 12 && half > 0 ? [inHour.slice(0, half), inHour.slice(half)] : [inHour];
      for (const part of parts.filter((p) => p.length > 0)) {
        const id = this.rng.u32().toString(16).padStart(8, '0');
        const name = `cloudfront/E2EXAMPLE.${date}-${String(hour).padStart(2, '0')}.${id}.gz`;
        const lines = part.map((r) => {
          this.count(name, r);
          return formatCloudFrontLine(r, { fieldCount: 33, trailingTab: this.rng.chance(0.03) });
        });
        await this.write(name, gzipSync(`${cloudFrontPreamble(33)}${lines.join('\n')}\n`));
        names.push(name);
      }
    }
    return names;
  }

  /** Writes `data` as is (a 0-byte or header-only file). */
  async raw(name: string, data: string): Promise<void> {
    await this.write(name, data);
  }

  note(text: string, file: string): void {
    this.notes.push(`${text}: ${file}`);
  }

  result() {
    return {
      files: [...this.files].sort(),
      records: this.lines,
      expectedUniqueRequests: this.ids.size,
      expectedRejectedLines: this.rejected,
      notes: this.notes,
    };
  }

  private line(file: string, r: LogRecord, options: AmplifyLineOptions): string {
    this.count(file, r);
    return formatAmplifyLine(r, options);
  }

  private count(file: string, r: LogRecord): void {
    this.lines++;
    this.ids.add(r.request_id as string);
    if (this.seen.size === VALUE_QUIRKS.length) return;
    for (const quirk of VALUE_QUIRKS) {
      if (!this.seen.has(quirk.note) && quirk.test(r)) {
        this.seen.add(quirk.note);
        this.note(quirk.note, file);
      }
    }
  }

  private async write(name: string, data: string | Buffer): Promise<void> {
    const file = path.join(this.dir, name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, data);
    this.files.push(file);
  }
}
