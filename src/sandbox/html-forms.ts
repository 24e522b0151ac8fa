/**
 * Just enough HTML form reading for the sandbox customer driver: the forms of a page with their
 * action, method, `data-intent` and the fields a browser would submit, and its links by
 * `data-intent`. Made for the sandbox's own wallet pages, not for arbitrary HTML.
 */
export interface HtmlForm {
  action: string;
  method: 'GET' | 'POST';
  intent: string | null;
  /** placeholder: the example a wallet shows in an empty field (the sandbox's test data) */
  fields: Array<{ name: string; value: string; type: string; placeholder: string }>;
}

function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '');
}

function attrs(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    const name = m[1];
    if (name) out.set(name.toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return out;
}

export function parseForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const a = attrs(m[1] ?? '');
    const fields: HtmlForm['fields'] = [];
    for (const input of (m[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
      const ia = attrs(input[1] ?? '');
      const name = ia.get('name');
      if (!name) continue;
      const type = (ia.get('type') ?? 'text').toLowerCase();
      if ((type === 'radio' || type === 'checkbox') && !ia.has('checked')) {
        // a radio that is not checked is not sent; checkboxes are kept so a driver can tick them
        if (type === 'radio') continue;
      }
      fields.push({ name, value: ia.get('value') ?? (type === 'checkbox' ? 'on' : ''), type, placeholder: ia.get('placeholder') ?? '' });
    }
    forms.push({
      action: a.get('action') ?? '',
      method: (a.get('method') ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET',
      intent: a.get('data-intent') ?? null,
      fields,
    });
  }
  return forms;
}

/** The href of the page's first link (`<a>`) with this `data-intent`, or null. */
export function findLink(html: string, intent: string): string | null {
  for (const m of html.matchAll(/<a\b([^>]*)>/gi)) {
    const a = attrs(m[1] ?? '');
    if (a.get('data-intent') === intent && a.has('href')) return a.get('href')!;
  }
  return null;
}
