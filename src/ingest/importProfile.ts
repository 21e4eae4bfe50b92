/**
 * How much memory and how many threads an import may use, and the buffer sizes that follow.
 * DuckDB's `memory_limit` bounds only its buffer manager; the CSV reader's buffers and the
 * Parquet writer's open row groups come on top, so they are set here too.
 */
export interface ImportProfile {
  /** DuckDB `memory_limit`; beyond it DuckDB spills to the work folder. */
  readonly memoryLimit: string;
  /** DuckDB worker threads; default one per core. */
  readonly threads?: number;
  /** `read_csv` buffer size in bytes; default DuckDB's (16 × the 2 MB line limit a thread). */
  readonly csvBufferBytes?: number;
  /**
   * Rows at the head of a file whose distinct user agents are decoded once, ahead of the staging
   * (see `agentMemoSql`); 0 decodes every agent on its row.
   */
  readonly agentSampleRows: number;
  /** Bytes of an input file read at a time while it is checked, hashed and compressed. */
  readonly readChunkBytes: number;
  /** Rows a Parquet row group holds in staged day files. */
  readonly stagedRowGroup: number;
  /** Rows a Parquet row group holds in merged day files. */
  readonly mergedRowGroup: number;
  /** Rows a partition buffers before a partitioned write flushes it. */
  readonly flushRows: number;
  /** Request ids one pass of the duplicate check hashes at most: bounds that pass's memory. */
  readonly idsPerPass: number;
  /** Day files a commit writes into the store at once (each a flush and a rename, or an upload). */
  readonly dayWrites: number;
  /**
   * Hand freed memory back early, cache no file data, and start the merge on a fresh database so
   * the memory staging used is given back first: less speed, a smaller footprint.
   */
  readonly lean?: boolean;
}

/** For `import`: speed first (the 2M-request benchmark peaks near 0.55 GB). */
export const FAST_IMPORT: ImportProfile = {
  memoryLimit: '1GB',
  // 4 MB instead of DuckDB's 32 MB: smaller buffers come back from the allocator's cache, where
  // 32 MB ones are fresh memory maps whose pages the kernel faults in and zeroes for every buffer
  // (8 MB ones still took a staging about a twelfth more CPU, most of it in the kernel).
  csvBufferBytes: 4 * 1024 * 1024,
  agentSampleRows: 100_000,
  readChunkBytes: 1024 * 1024,
  stagedRowGroup: 16_384,
  mergedRowGroup: 122_880,
  flushRows: 65_536,
  idsPerPass: 10_000_000,
  dayWrites: 4,
};

/** For `collect` and Lambda: memory first (a 1 GB window peaks under 200 MB, flat in its size), at about half the speed. */
export const LEAN_IMPORT: ImportProfile = {
  memoryLimit: '96MB',
  threads: 1,
  csvBufferBytes: 4 * 1024 * 1024,
  // Decoding agents ahead saves CPU, but the join held a 1 GB window's peak 30 to 40 MB higher.
  agentSampleRows: 0,
  readChunkBytes: 256 * 1024,
  // Partitions flushed every 1,024 rows take about 20 MB less than every 8,192; DuckDB then closes
  // row groups at about half of ROW_GROUP_SIZE, so 16,384 keeps them near 9,000 rows, as before.
  stagedRowGroup: 16_384,
  mergedRowGroup: 32_768,
  flushRows: 1_024,
  idsPerPass: 300_000,
  // One upload at a time: each holds its own part buffers.
  dayWrites: 1,
  lean: true,
};
