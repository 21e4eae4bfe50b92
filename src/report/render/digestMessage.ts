import type { Report } from '../model.js';
import { formatChange, formatValue } from './format.js';
import { renderEmailHtml } from './renderEmailHtml.js';
import { renderJson } from './renderJson.js';
import { renderText } from './renderText.js';

export interface DigestAddresses {
  /** The sender, `addr@example.com` or `Name <addr@example.com>`. */
  readonly from: string;
  /** Recipients; none is allowed for a message written to a file. */
  readonly to: readonly string[];
  /** The site the report is about, for the subject and title (`example.com`). */
  readonly site?: string;
}

/** Width of the plain-text part: mail clients and RFC 5322 prefer lines under 80 characters. */
const TEXT_WIDTH = 78;

/** `Traffic of example.com 2026-11-16 – 2026-11-22: 12,345 requests (+3.2%)`. */
export function digestSubject(report: Report, site?: string): string {
  const { from, to } = report.range;
  const span = from === to ? from : `${from} – ${to}`;
  const requests = formatValue('count', report.totals.requests);
  const change = report.comparison
    ? formatChange('count', report.totals.requests, report.comparison.totals.requests)
    : '';
  return `Traffic ${site ? `of ${site} ` : ''}${span}: ${requests} requests${change ? ` (${change})` : ''}`;
}

/** The attachment's file name: `amplify-logs-2026-11-16-2026-11-22.json`. */
export function digestAttachmentName(report: Report): string {
  return `amplify-logs-${report.range.from}-${report.range.to}.json`;
}

/**
 * The report as one MIME message (RFC 5322 and 2045-2049, CRLF line ends, 7-bit safe):
 * `multipart/mixed` holding a `multipart/alternative` (the text report, then the mail-client HTML
 * of `renderEmailHtml`) and the JSON report (`renderJson`, exactly `report --format json`) as an
 * attachment. Dated at the report's `generatedAt`, so the same report gives the same headers but
 * for the generated Message-ID and boundaries. Composed by nodemailer's MIME composer, which is
 * loaded only here.
 */
export async function digestMessage(report: Report, addresses: DigestAddresses): Promise<Buffer> {
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const node = new MailComposer({
    from: addresses.from,
    ...(addresses.to.length > 0 ? { to: [...addresses.to] } : {}),
    subject: digestSubject(report, addresses.site),
    date: new Date(report.generatedAt),
    text: crlf(renderText(report, { width: TEXT_WIDTH, color: false })),
    html: crlf(renderEmailHtml(report, addresses.site ? { site: addresses.site } : {})),
    attachments: [
      {
        filename: digestAttachmentName(report),
        content: renderJson(report),
        contentType: 'application/json; charset=utf-8',
      },
    ],
    headers: { 'X-Mailer': 'amplify-logs' },
  }).compile();
  // RFC 3834: sent by a program, so vacation auto-replies leave it alone.
  node.setHeader('Auto-Submitted', 'auto-generated');
  return node.build();
}

/** Mail lines end in CRLF (RFC 5322); the renderers end theirs in LF, and the composer keeps them. */
function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
