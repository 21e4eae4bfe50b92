import type { AgentRow, BotCategory, BotRow } from '../model.js';
import { type AgentInfo, classifyAgent } from './classifyAgent.js';

/** Requests and bytes of one distinct user agent. */
export interface AgentTraffic {
  readonly userAgent: string | null;
  readonly requests: number;
  readonly bytes: number;
}

/** Visitors and requests of one distinct user agent that is not a bot. */
export interface AgentVisits {
  readonly userAgent: string | null;
  readonly visitors: number;
  readonly requests: number;
}

/** Each distinct user agent classified once. */
export function classifyAgents(agents: readonly AgentTraffic[]): Map<string | null, AgentInfo> {
  return new Map(agents.map((a) => [a.userAgent, classifyAgent(a.userAgent)]));
}

/** The user agents classified as bots (a missing user agent is a bot without being listed). */
export function botAgents(classified: ReadonlyMap<string | null, AgentInfo>): string[] {
  return [...classified].flatMap(([ua, info]) => (info.bot && ua !== null ? [ua] : []));
}

/** Bots by name: requests and bytes, most requests first. */
export function botPanel(
  agents: readonly AgentTraffic[],
  classified: ReadonlyMap<string | null, AgentInfo>,
): BotRow[] {
  const byName = new Map<string, { category: BotCategory; requests: number; bytes: number }>();
  for (const agent of agents) {
    const info = classified.get(agent.userAgent) ?? classifyAgent(agent.userAgent);
    if (!info.bot) continue;
    const row = byName.get(info.name) ?? { category: info.category, requests: 0, bytes: 0 };
    row.requests += agent.requests;
    row.bytes += agent.bytes;
    byName.set(info.name, row);
  }
  return [...byName]
    .map(([name, row]) => ({ name, ...row }))
    .sort((a, b) => b.requests - a.requests || a.name.localeCompare(b.name));
}

/** Browsers, operating systems and device classes of the visits that are not from bots, with their pageviews. */
export function agentPanels(
  visits: readonly AgentVisits[],
  pageviews: ReadonlyMap<string | null, number>,
  classified: ReadonlyMap<string | null, AgentInfo>,
): { browsers: AgentRow[]; operatingSystems: AgentRow[]; devices: AgentRow[] } {
  const panels = { browsers: new Map(), operatingSystems: new Map(), devices: new Map() } as const;
  for (const visit of visits) {
    const info = classified.get(visit.userAgent) ?? classifyAgent(visit.userAgent);
    if (info.bot) continue;
    const counts = { ...visit, pageviews: pageviews.get(visit.userAgent) ?? 0 };
    add(panels.browsers, info.browser, counts);
    add(panels.operatingSystems, info.os, counts);
    add(panels.devices, info.device, counts);
  }
  return {
    browsers: sorted(panels.browsers),
    operatingSystems: sorted(panels.operatingSystems),
    devices: sorted(panels.devices),
  };
}

type Counts = { visitors: number; pageviews: number; requests: number };

function add(panel: Map<string, Counts>, name: string, visit: Counts): void {
  const row = panel.get(name) ?? { visitors: 0, pageviews: 0, requests: 0 };
  row.visitors += visit.visitors;
  row.pageviews += visit.pageviews;
  row.requests += visit.requests;
  panel.set(name, row);
}

function sorted(panel: Map<string, Counts>): AgentRow[] {
  return [...panel]
    .map(([name, row]) => ({ name, ...row }))
    .sort((a, b) => b.visitors - a.visitors || b.requests - a.requests || a.name.localeCompare(b.name));
}
