import type { QueryParams } from '../../engine/QueryEngine.js';

/** One named query: its SQL for a dialect, with the values it needs bound as `$name` parameters. */
export interface NamedQuery {
  readonly name: string;
  readonly sql: string;
  readonly params: QueryParams;
}
