import parserModule from 'node-sql-parser';

const { Parser } = parserModule as unknown as typeof import('node-sql-parser');
const parser = new Parser();

/**
 * node-sql-parser 5.4 has `athena`, `trino` and `hive` modes. `trino` parses the most of Athena's
 * query language (views, `?` placeholders, `try_cast`, window functions); `athena` lacks `?`,
 * `CREATE VIEW` and `DROP`; `hive` parses backquoted DDL heads. None parses Athena's Hive DDL
 * clauses, and each mode treats a backslash in a literal as an escape, which Trino does not (the
 * generated SQL writes a backslash as `chr(92)`).
 *
 * What it cannot parse and Athena accepts, each with the rewrite or the check used instead.
 * A test asserts each gap is still a gap, so a parser that learns one shows up.
 */
export const PARSER_GAPS = {
  groupingSets: {
    example: 'SELECT a, b FROM t GROUP BY GROUPING SETS ((a), (a, b), ())',
    instead: 'parsed as a plain GROUP BY of the sets’ columns',
  },
  arrayType: {
    example: 'SELECT CAST(json_parse(?) AS ARRAY(VARCHAR)) FROM t',
    instead: 'parsed with the type written VARCHAR[]',
  },
  rowsAsName: {
    example: 'WITH rows AS (SELECT 1 AS a) SELECT a FROM rows',
    instead: 'parsed with the name quoted ("rows"; ROWS is not reserved in Trino)',
  },
  nestedAggregateFilter: {
    example: 'SELECT array_join(array_agg(x) FILTER (WHERE x IS NOT NULL), chr(10)) FROM t',
    instead: 'parsed without the FILTER clause',
  },
  dropIfExists: { example: 'DROP TABLE IF EXISTS `db`.`t`', instead: 'parsed without IF EXISTS' },
  externalTable: {
    example: "CREATE EXTERNAL TABLE `db`.`t` (`a` string) STORED AS PARQUET LOCATION 's3://b/p/'",
    instead: 'the head parsed as CREATE TABLE (hive mode), the Hive clauses checked by a pattern',
  },
  ctas: {
    example: 'CREATE TABLE "db"."t" WITH (format = \'PARQUET\') AS SELECT 1',
    instead: 'the query parsed, the WITH clause checked by a pattern',
  },
  msck: { example: 'MSCK REPAIR TABLE `db`.`t`', instead: 'checked by a pattern' },
  addPartition: {
    example: "ALTER TABLE `db`.`t` ADD IF NOT EXISTS PARTITION (year = '2026') LOCATION 's3://b/p/'",
    instead: 'checked by a pattern',
  },
} as const;

export type ParserGap = keyof typeof PARSER_GAPS;

/** True when node-sql-parser parses `sql` in `mode`. */
export function parses(sql: string, mode: 'trino' | 'hive' | 'athena' = 'trino'): boolean {
  try {
    parser.astify(sql, { database: mode });
    return true;
  } catch {
    return false;
  }
}

function mustParse(sql: string, mode: 'trino' | 'hive'): void {
  try {
    parser.astify(sql, { database: mode });
  } catch (error) {
    throw new Error(`node-sql-parser (${mode}) cannot parse: ${(error as Error).message}\n${sql}`);
  }
}

const NAME = '(`\\w+`\\.`\\w+`|"\\w+"\\."\\w+")';
const LITERAL = "'[^'\\\\]*'";
const HIVE_TAIL = new RegExp(
  [
    `^(PARTITIONED BY \\((\`\\w+\` \\w+(, )?)+\\))?`,
    `(ROW FORMAT DELIMITED FIELDS TERMINATED BY ${LITERAL})?`,
    'STORED AS (PARQUET|TEXTFILE)',
    `LOCATION 's3://[^']+/'`,
    `(TBLPROPERTIES \\(\\s*(${LITERAL} = ${LITERAL},?\\s*)+\\))?$`,
  ].join('\\s*'),
);
const MSCK = new RegExp(`^MSCK REPAIR TABLE ${NAME}$`);
const ADD_PARTITION = new RegExp(
  `^ALTER TABLE ${NAME} ADD IF NOT EXISTS(\\s+PARTITION \\((\\w+ = ${LITERAL}(, )?)+\\) LOCATION 's3://[^']+/')+$`,
);
const CTAS = new RegExp(
  `^CREATE TABLE ${NAME}\\s+WITH \\(((\\w+ = (${LITERAL}|\\d+|ARRAY\\[${LITERAL}\\])),?\\s*)+\\)\\s+AS (SELECT[\\s\\S]+)$`,
);

/**
 * Checks that an Athena statement parses, as far as node-sql-parser can tell, and returns the
 * gaps it had to work around. Throws when the statement does not parse.
 */
export function parseAthena(sql: string): ParserGap[] {
  const text = sql.trim();
  if (/^CREATE EXTERNAL TABLE/.test(text)) {
    const close = closingParen(text, text.indexOf('('));
    mustParse(text.slice(0, close + 1).replace('CREATE EXTERNAL TABLE', 'CREATE TABLE'), 'hive');
    if (!HIVE_TAIL.test(text.slice(close + 1).trim())) throw new Error(`unexpected Hive clauses:\n${text}`);
    return ['externalTable'];
  }
  if (/^MSCK/.test(text)) return matchOrThrow(MSCK, text, 'msck');
  if (/^ALTER TABLE/.test(text)) return matchOrThrow(ADD_PARTITION, text, 'addPartition');
  if (/^DROP TABLE IF EXISTS/.test(text)) {
    mustParse(text.replace('DROP TABLE IF EXISTS', 'DROP TABLE'), 'hive');
    return ['dropIfExists'];
  }
  const ctas = CTAS.exec(text);
  if (/^CREATE TABLE/.test(text)) {
    if (!ctas) throw new Error(`unexpected CREATE TABLE AS:\n${text}`);
    return ['ctas', ...parseQuery(ctas[ctas.length - 1] ?? '')];
  }
  return parseQuery(text);
}

function parseQuery(sql: string): ParserGap[] {
  const gaps: ParserGap[] = [];
  let text = sql;
  if (/ARRAY\(VARCHAR\)/i.test(text)) {
    text = text.replace(/ARRAY\(VARCHAR\)/gi, 'VARCHAR[]');
    gaps.push('arrayType');
  }
  if (/(?<!")\brows\b(?!")/.test(text)) {
    text = text.replace(/(?<!")\brows\b(?!")/g, '"rows"');
    gaps.push('rowsAsName');
  }
  for (let at = text.search(/\) FILTER \(WHERE /); at >= 0; at = text.search(/\) FILTER \(WHERE /)) {
    const open = text.indexOf('(', at + 2);
    text = `${text.slice(0, at + 1)}${text.slice(closingParen(text, open) + 1)}`;
    if (!gaps.includes('nestedAggregateFilter')) gaps.push('nestedAggregateFilter');
  }
  for (let at = text.search(/GROUPING SETS\s*\(/i); at >= 0; at = text.search(/GROUPING SETS\s*\(/i)) {
    const open = text.indexOf('(', at);
    const close = closingParen(text, open);
    const columns = [...new Set(text.slice(open + 1, close).match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])];
    text = `${text.slice(0, at)}${columns.join(', ')}${text.slice(close + 1)}`;
    if (!gaps.includes('groupingSets')) gaps.push('groupingSets');
  }
  mustParse(text, 'trino');
  return gaps;
}

function matchOrThrow(pattern: RegExp, text: string, gap: ParserGap): ParserGap[] {
  if (!pattern.test(text)) throw new Error(`unexpected statement:\n${text}`);
  return [gap];
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    if (quoted) continue;
    if (c === '(') depth++;
    if (c === ')' && --depth === 0) return i;
  }
  throw new Error(`unbalanced parentheses in:\n${text}`);
}
