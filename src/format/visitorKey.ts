import { createHash } from 'node:crypto';

/**
 * The visitor key a store keeps when it anonymises addresses: the MD5, as 32 lower-case hex
 * digits, of `salt LF client-IP LF user-agent` (a missing value as empty text), taken before the
 * address is truncated. The salt is secret and belongs to one UTC day (src/store/privacy.ts): once
 * it is deleted, nobody can tell which address a key came from or link keys across days.
 *
 * Written twice, side by side, on purpose: as SQL for the import (DuckDB's `md5` of the text) and
 * in JavaScript for the Athena compaction, which computes keys outside Athena so the salt never
 * reaches a query's text; test/privacy/visitorKey.test.ts checks that both give the same keys.
 */
export function visitorKey(salt: string, ip: string | null, userAgent: string | null): string {
  return createHash('md5')
    .update(`${salt}\n${ip ?? ''}\n${userAgent ?? ''}`, 'utf8')
    .digest('hex');
}

/** The same key in DuckDB SQL, the salt a bound parameter or literal (`salt`). */
export function visitorKeySql(salt: string): string {
  return `md5(${salt} || chr(10) || coalesce(request_ip, '') || chr(10) || coalesce(user_agent, ''))`;
}
