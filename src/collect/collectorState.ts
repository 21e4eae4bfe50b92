import type { Store } from '../store/Store.js';
import type { Window } from './windows.js';

/** What a collector remembers between runs, per app and domain. */
export interface CollectorState {
  /** End of the range collected so far (every hour before it was asked for at least once). */
  readonly watermark?: Date;
  /** Windows that failed and are asked again first on the next run. */
  readonly pending: readonly Window[];
  /** Days before this one have had their late sweep. */
  readonly sweptThrough?: Date;
  readonly lastRun?: Date;
}

interface StoredState {
  version: 1;
  watermark?: string;
  pending: { start: string; end: string }[];
  sweptThrough?: string;
  lastRun?: string;
}

export function stateKey(appId: string, domain: string): string {
  return `state/collect/${appId}/${domain}.json`;
}

export async function readState(store: Store, appId: string, domain: string): Promise<CollectorState> {
  const bytes = await store.getBytes(stateKey(appId, domain));
  if (!bytes) return { pending: [] };
  const stored = JSON.parse(bytes.toString('utf8')) as StoredState;
  return {
    ...(stored.watermark ? { watermark: new Date(stored.watermark) } : {}),
    pending: stored.pending.map((w) => ({ start: new Date(w.start), end: new Date(w.end) })),
    ...(stored.sweptThrough ? { sweptThrough: new Date(stored.sweptThrough) } : {}),
    ...(stored.lastRun ? { lastRun: new Date(stored.lastRun) } : {}),
  };
}

export async function writeState(
  store: Store,
  appId: string,
  domain: string,
  state: CollectorState,
): Promise<void> {
  const stored: StoredState = {
    version: 1,
    ...(state.watermark ? { watermark: state.watermark.toISOString() } : {}),
    pending: state.pending.map((w) => ({ start: w.start.toISOString(), end: w.end.toISOString() })),
    ...(state.sweptThrough ? { sweptThrough: state.sweptThrough.toISOString() } : {}),
    ...(state.lastRun ? { lastRun: state.lastRun.toISOString() } : {}),
  };
  await store.putBytes(stateKey(appId, domain), `${JSON.stringify(stored, null, 2)}\n`);
}
