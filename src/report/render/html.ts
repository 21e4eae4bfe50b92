/**
 * HTML through a tagged template that escapes every interpolated value: strings and numbers are
 * escaped, arrays are joined (each element escaped in turn), null/undefined/false print nothing,
 * and only `Html` values (from `html` itself or the explicit `raw`) go in unchanged. Everything
 * from the logs reaches the page through it.
 */
export class Html {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** The escaping template tag: html`<td>${uri}</td>`. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** The escape hatch: markup we generated ourselves (never text from logs) inserted as it is. */
export function raw(markup: string): Html {
  return new Html(markup);
}
