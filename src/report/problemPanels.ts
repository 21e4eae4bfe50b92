import type { QueryResult } from '../engine/QueryEngine.js';
import type { CountryLookup } from '../format/address/CountryLookup.js';
import type { NotFoundRow, ProbeRow, ScannerRow, ServerErrorRow } from './model.js';
import { num, numOrNull, rowObjects, str } from './rowValues.js';

/** The panels of `problemsQuery`: not-found pages with their links, server errors, scanners. */
export interface ProblemPanels {
  readonly notFound: NotFoundRow[];
  readonly serverErrors: ServerErrorRow[];
  readonly scanners: { clients: ScannerRow[]; paths: ProbeRow[] };
}

/** Splits the rows of `problemsQuery` by kind; scanners get the country of their IP. */
export function problemPanels(result: QueryResult, lookup: CountryLookup): ProblemPanels {
  const rows = rowObjects(result);
  const of = (kind: string) => rows.filter((row) => row.kind === kind);
  const notFound: { uri: string | null; requests: number; referrers: NotFoundRow['referrers'][number][] }[] =
    [];
  for (const row of of('missing')) {
    const uri = str(row.uri);
    let page = notFound[notFound.length - 1];
    if (page === undefined || page.uri !== uri) {
      page = { uri, requests: num(row.amount), referrers: [] };
      notFound.push(page);
    }
    page.referrers.push({ referrer: str(row.referrer), requests: num(row.requests) });
  }
  return {
    notFound,
    serverErrors: of('failed').map((row) => ({
      uri: str(row.uri),
      status: numOrNull(row.status) ?? 0,
      detail: str(row.detail),
      requests: num(row.requests),
    })),
    scanners: {
      clients: of('client').map((row) => {
        const ip = str(row.ip);
        // An anonymising store looked the country up before truncating the address (`detail`; '' unknown).
        const stored = str(row.detail);
        return {
          ip,
          country: stored !== null ? stored || null : ip === null ? null : lookup.country(ip),
          requests: num(row.requests),
          paths: num(row.amount),
        };
      }),
      paths: of('path').map((row) => ({
        uri: str(row.uri),
        requests: num(row.requests),
        clients: num(row.amount),
      })),
    },
  };
}
