import { storeBotAgents } from '../../report/storeBots.js';
import { UsageError } from '../../util/errors.js';
import { resultFormat } from '../args.js';
import type { Command } from '../context.js';
import { renderResult } from '../render/renderResult.js';
import { duckdbOnStore } from '../storeFromArgs.js';

export const queryCommand: Command = {
  name: 'query',
  summary: 'run SQL on the access_logs views with the embedded DuckDB',
  usage: '"<sql>" [--format table|csv|json]',
  options: { format: { type: 'string', short: 'f' } },
  help: [
    'Views: access_logs (everything), access_logs_today, access_logs_yesterday,',
    'access_logs_week (today and the 7 days before), access_logs_month (since the same day last',
    'month). All in UTC; a view reads only the day files it needs. rejected_lines holds every',
    'line that could not be read, with its source file, line number and reason.',
    'visits (one row per visit: date, visitor, start, end, duration, pageviews, entry_page,',
    'exit_page, referrer, referring_site, channel, utm_source, utm_medium, utm_campaign,',
    'utm_term, utm_content, host) and visits_today, _yesterday, _week, _month; a query naming',
    "them first classifies the store's user agents, to leave the bots out.",
    '',
    '  --format table|csv|json   output format (default table); json is an array of row objects',
  ],
  async run(context, args) {
    const [sql, ...extra] = args.positionals;
    if (sql === undefined || sql.trim() === '') throw new UsageError('query needs the SQL to run, in quotes');
    if (extra.length > 0) throw new UsageError('query takes one SQL string: put the whole query in quotes');
    const format = resultFormat(args);
    const engine = await duckdbOnStore(context, args);
    try {
      if (/\bvisits/i.test(sql)) await engine.defineVisits(await storeBotAgents(engine));
      const result = await engine.query(sql);
      const width = context.stdout.isTTY ? context.stdout.columns : undefined;
      context.stdout.write(renderResult(result, format, width));
    } finally {
      await engine.close();
    }
    return 0;
  },
};
