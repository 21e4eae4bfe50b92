import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { LogLayout } from '../format/layout.js';
import { ident, literal } from '../sql/sql.js';
import type { ImportProfile } from './importProfile.js';
import { readLines } from './lines.js';
import { quarantineReason } from './quarantine.js';
import {
  agentMemoSql,
  curateSelectSql,
  hasAgents,
  QUARANTINE,
  readCsvSql,
  stagedFromSql,
} from './readSql.js';
import { type ClassifiedRejects, classifyRejects, type DuckDBReject, type RejectedLine } from './rejects.js';

/** One file (or section of a file) to read with one layout. */
export interface SectionInput {
  readonly file: string;
  readonly layout: LogLayout;
  /** Source line number of the file's first line (1 unless the file is a section). */
  readonly firstLine: number;
}

export interface StagedSection extends ClassifiedRejects {
  /** Rows written to the staging folder (every line read, duplicates included). */
  readonly rows: number;
}

/** Parquet settings of staged day files, which may become curated files as they are. */
export function stagedParquet(rowGroup: number): string {
  return `FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, ROW_GROUP_SIZE ${rowGroup}`;
}

let scans = 0;

/**
 * Reads one clean file with DuckDB and writes its rows, decoded and typed, as Parquet into
 * `dir/_day=YYYY-MM-DD/`, one folder a UTC day, in a single streaming pass (after a read of the
 * file's first rows that decodes their distinct user agents ahead, see `agentMemoSql`). Lines DuckDB cannot
 * read come back classified (headers met again, rejects with reasons); rows that break a
 * quarantine rule are taken out and returned as rejects with their line numbers.
 */
export async function stageSection(
  connection: DuckDBConnection,
  input: SectionInput,
  dir: string,
  latestDay: string,
  profile: ImportProfile,
): Promise<StagedSection> {
  scans++;
  const rejectsTable = `rejects_${process.pid}_${scans}`;
  const rejectsScan = `rejects_scan_${process.pid}_${scans}`;
  const agentMemo =
    profile.agentSampleRows > 0 && hasAgents(input.layout) ? `agents_${process.pid}_${scans}` : undefined;
  const select = curateSelectSql(input.layout, latestDay, agentMemo);
  const read = readCsvSql(
    input.file,
    input.layout,
    { table: rejectsTable, scan: rejectsScan },
    profile.csvBufferBytes,
  );
  await fs.mkdir(path.dirname(dir), { recursive: true });
  let copy: Awaited<ReturnType<DuckDBConnection['run']>>;
  try {
    if (agentMemo) {
      await connection.run(
        agentMemoSql(agentMemo, input.file, input.layout, profile.agentSampleRows, profile.csvBufferBytes),
      );
    }
    copy = await connection.run(
      `COPY (SELECT ${select} FROM ${stagedFromSql(read, agentMemo)}) TO ${literal(dir)} (${stagedParquet(profile.stagedRowGroup)}, PARTITION_BY (_day), OVERWRITE_OR_IGNORE true)`,
    );
  } finally {
    if (agentMemo) await connection.run(`DROP TABLE IF EXISTS ${ident(agentMemo)}`).catch(() => {});
  }
  const classified = classifyRejects(await readRejects(connection, rejectsTable, rejectsScan), input.layout);
  const offset = input.firstLine - 1;
  const rejects = classified.rejects.map((r) => ({ ...r, line: r.line + offset }));
  let rows = Number(copy.rowsChanged);
  const quarantineDir = path.join(dir, `_day=${QUARANTINE}`);
  if (await exists(quarantineDir)) {
    const known = new Set(rejects.map((r) => r.line));
    const quarantined = await findQuarantined(input, latestDay, known);
    rows -= quarantined.length;
    rejects.push(...quarantined);
    await fs.rm(quarantineDir, { recursive: true, force: true });
  }
  return { ...classified, rejects, rows };
}

async function readRejects(
  connection: DuckDBConnection,
  rejectsTable: string,
  rejectsScan: string,
): Promise<DuckDBReject[]> {
  const reader = await connection.runAndReadAll(
    `SELECT line, column_idx, column_name, error_type, csv_line, error_message FROM ${ident(rejectsTable)} ORDER BY line, column_idx`,
  );
  const rows = reader.getRowObjectsJS().map((row) => ({
    line: Number(row.line),
    columnIndex: Number(row.column_idx ?? 0),
    columnName: (row.column_name as string | null) ?? null,
    errorType: String(row.error_type),
    csvLine: String(row.csv_line ?? ''),
    message: String(row.error_message ?? ''),
  }));
  await connection.run(`DROP TABLE IF EXISTS ${ident(rejectsTable)}`);
  await connection.run(`DROP TABLE IF EXISTS ${ident(rejectsScan)}`);
  return rows;
}

/** Finds the source lines of quarantined rows by applying the same rules to the text. */
async function findQuarantined(
  input: SectionInput,
  latestDay: string,
  skip: Set<number>,
): Promise<RejectedLine[]> {
  const { layout } = input;
  const dateAt = layout.fields.indexOf('date');
  const idAt = layout.fields.indexOf('x-edge-request-id');
  const found: RejectedLine[] = [];
  let lineNo = input.firstLine - 1;
  for await (const bytes of readLines(input.file)) {
    lineNo++;
    if (lineNo - input.firstLine < layout.headerLines || skip.has(lineNo) || bytes.length === 0) continue;
    const text = bytes.toString('utf8');
    const values = text.split(layout.delimiter);
    if (!DATE_VALUE.test(values[dateAt] ?? '')) continue;
    const reason = quarantineReason(values[dateAt] ?? '', values[idAt] ?? '', latestDay);
    if (reason) found.push({ line: lineNo, reason, text });
  }
  return found;
}

const DATE_VALUE = /^\d{4}-\d{1,2}-\d{1,2}$/;

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}
