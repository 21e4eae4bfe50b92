import type { QueryEngine } from '../engine/QueryEngine.js';
import { BASE_VIEW } from '../engine/views.js';
import { botAgents, classifyAgents } from './enrich/agentPanels.js';
import { str } from './rowValues.js';

/**
 * The user agents of the whole store that are bots (src/report/enrich/classifyAgent.ts), each
 * classified once: what the visits views leave out, as the report does for its range. Missing
 * user agents are bots without being listed.
 */
export async function storeBotAgents(engine: QueryEngine): Promise<string[]> {
  const { rows } = await engine.query(
    `SELECT DISTINCT user_agent FROM ${BASE_VIEW} WHERE user_agent IS NOT NULL ORDER BY user_agent`,
  );
  return botAgents(classifyAgents(rows.map((row) => ({ userAgent: str(row[0]), requests: 0, bytes: 0 }))));
}
