import { isUtf8 } from 'node:buffer';
import { createWriteStream, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import { finished } from 'node:stream/promises';
import { type LogLayout, sameLayout } from '../format/layout.js';
import { readLines } from './lines.js';
import { headerOf, type RejectedLine, rejectedFromBytes } from './rejects.js';

/** A run of lines that share one layout, written as its own clean file. */
export interface Section {
  /** Clean text: valid UTF-8, `\n` line ends, headers and bad lines replaced by blank lines. */
  readonly file: string;
  readonly layout: LogLayout;
  /** The source line number of the section file's first line. */
  readonly firstLine: number;
}

export interface SectionSplit {
  readonly sections: Section[];
  readonly rejects: RejectedLine[];
  readonly headerLines: number;
}

/**
 * The careful reader for files the fast reader must not see as they are: lines that are not valid
 * UTF-8 or hold a stray carriage return are rejected, `\r\n` becomes `\n`, and a header inside the
 * file that names other fields (files of two CloudFront eras concatenated) starts a new section.
 * Every source line keeps its place (a blank line stands in for a header or a rejected line), so
 * a line `k` of a section is line `firstLine + k - 1` of the source.
 */
export async function splitSections(
  textFile: string,
  first: LogLayout,
  workDir: string,
): Promise<SectionSplit> {
  const sections: Section[] = [];
  const rejects: RejectedLine[] = [];
  let headerLines = 0;
  let layout: LogLayout = { ...first, headerLines: 0 };
  let out: WriteStream | undefined;
  const open = (firstLine: number): WriteStream => {
    const file = path.join(workDir, `section-${sections.length}.txt`);
    sections.push({ file, layout, firstLine });
    return createWriteStream(file);
  };
  let lineNo = 0;
  for await (const raw of readLines(textFile)) {
    lineNo++;
    out ??= open(lineNo);
    const bytes = withoutLineEnd(lineNo === 1 ? withoutBom(raw) : raw);
    let keep: Buffer | undefined;
    if (!isUtf8(bytes)) rejects.push(rejectedFromBytes(lineNo, 'not valid UTF-8 text', bytes));
    else if (bytes.includes(13))
      rejects.push(rejectedFromBytes(lineNo, 'a carriage return inside the line', bytes));
    else if (lineNo <= first.headerLines) headerLines++;
    else {
      const text = bytes.toString('utf8');
      const header = headerOf(text, layout);
      if (header === undefined) keep = bytes;
      else {
        headerLines++;
        if (!sameLayout(header, layout)) {
          layout = { ...header, headerLines: 0 };
          out.end();
          await finished(out);
          out = open(lineNo + 1);
          continue;
        }
      }
    }
    if (!out.write(keep ? Buffer.concat([keep, NEWLINE]) : NEWLINE)) {
      await new Promise<void>((resolve) => out?.once('drain', () => resolve()));
    }
  }
  if (out) {
    out.end();
    await finished(out);
  }
  return { sections, rejects, headerLines };
}

const NEWLINE = Buffer.from('\n');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function withoutBom(line: Buffer): Buffer {
  return line.subarray(0, 3).equals(BOM) ? line.subarray(3) : line;
}

function withoutLineEnd(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === 13 ? line.subarray(0, line.length - 1) : line;
}
