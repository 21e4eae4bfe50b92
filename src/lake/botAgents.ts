import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DUCKDB_DIALECT } from '../engine/DuckDBDialect.js';
import type { QueryEngine } from '../engine/QueryEngine.js';
import { storeBotAgents } from '../report/storeBots.js';
import { closeDuckDB, openDuckDB } from '../sql/duckdb.js';
import { literal } from '../sql/sql.js';
import { BOT_AGENTS_KEY } from '../store/keys.js';
import type { Store } from '../store/Store.js';

/**
 * Lists the store's bot user agents (every distinct user agent of the curated table, read through
 * `engine`, classified as the report classifies them) in the Parquet file `state/bot-agents/
 * bot_agents.parquet`, one column `user_agent`: the `<table>_bot_agents` table that Athena's
 * visits views leave out. The file is replaced in one piece, so the views read the old list or
 * the new one, never a part. `athena setup` and the nightly maintenance call it; a user agent
 * first seen since then is not left out of Athena's visits views until the next call (the report
 * classifies the agents of its own range, so its figures never depend on this file).
 */
export async function refreshBotAgents(engine: QueryEngine, store: Store): Promise<{ agents: number }> {
  const agents = await storeBotAgents(engine);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'amplify-logs-bots-'));
  const file = path.join(dir, 'bot_agents.parquet');
  const connection = await openDuckDB({ memoryLimit: '128MB', threads: 1 });
  try {
    await connection.run(
      `CREATE TABLE agents AS SELECT value AS user_agent FROM (${DUCKDB_DIALECT.stringSet('$agents')}) listed`,
      { agents: JSON.stringify(agents) },
    );
    await connection.run(
      `COPY (SELECT user_agent FROM agents ORDER BY 1) TO ${literal(file)} (FORMAT parquet, COMPRESSION zstd)`,
    );
  } finally {
    closeDuckDB(connection);
  }
  try {
    await store.putFile(BOT_AGENTS_KEY, file, { move: true });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  return { agents: agents.length };
}
