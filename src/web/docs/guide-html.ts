/**
 * A guide (README.md or a file under docs/) as HTML for /docs/guides/…: Markdown through marked,
 * headings with GitHub's anchors (so `file.md#a-heading` links land), and every relative link
 * rewritten to where /docs serves its target — another guide, a rendered API description, the /docs
 * page — or, for a file /docs does not serve (source code, a unit file), kept as its text only.
 */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { Marked, type Token, type Tokens } from 'marked';
import { escapeHtml } from '../page-layout.js';
import type { DocsCatalog, Guide } from './docs-catalog.js';

/** Where /docs serves what a relative link names (a path relative to the package root), or undefined. */
function servedUrl(catalog: DocsCatalog, target: string): string | undefined {
  const path = target.replace(/\/$/, '');
  const guide = catalog.guides.find((g) => g.source === path || g.source === `${path}/README.md`);
  if (guide) return guideUrl(guide);
  const api = catalog.apis.find((a) => posix.join('docs/openapi', `${a.name}.yaml`) === path);
  if (api) return apiUrl(api.title);
  if (path === 'docs' || path.startsWith('docs/')) return '/docs';
  return undefined;
}

export const guideUrl = (g: Guide): string => `/docs/guides/${g.name}`;
export const apiUrl = (title: string): string => `/docs/api?urls.primaryName=${encodeURIComponent(title)}`;

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function plainText(tokens: readonly Token[]): string {
  return tokens.map((t) => ('tokens' in t && t.tokens ? plainText(t.tokens) : 'text' in t ? String(t.text) : '')).join('');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const isRelative = (href: string) => href !== '' && !href.startsWith('#') && !href.startsWith('/') && !/^[a-z][a-z0-9+.-]*:/i.test(href);

/** The guide's body as HTML. */
export function guideHtml(catalog: DocsCatalog, guide: Guide): string {
  const used = new Map<string, number>();
  const here = posix.dirname(guide.source);
  const marked = new Marked({
    gfm: true,
    walkTokens(token) {
      if (token.type !== 'link') return;
      const link = token as Tokens.Link;
      if (!isRelative(link.href)) return;
      const [path = '', fragment] = link.href.split('#', 2);
      const url = servedUrl(catalog, posix.normalize(posix.join(here, safeDecode(path))));
      // a file /docs does not serve: an empty href, which the renderer below turns into plain text
      link.href = url === undefined ? '' : fragment !== undefined && !url.includes('?') ? `${url}#${fragment}` : url;
    },
    renderer: {
      heading({ tokens, depth }) {
        const base = slug(plainText(tokens));
        const n = used.get(base) ?? 0;
        used.set(base, n + 1);
        const id = n === 0 ? base : `${base}-${n}`;
        return `<h${depth} id="${escapeHtml(id)}"><a class="anchor" href="#${escapeHtml(id)}" aria-hidden="true">#</a>${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
      link({ href, title, tokens }) {
        const text = this.parser.parseInline(tokens);
        if (href === '') return `<span class="unserved">${text}</span>`;
        return `<a href="${escapeHtml(href)}"${title ? ` title="${escapeHtml(title)}"` : ''}>${text}</a>`;
      },
      table(token) {
        // a wide table scrolls inside its own box, never the page
        const head = token.header.map((c) => `<th>${this.parser.parseInline(c.tokens)}</th>`).join('');
        const rows = token.rows.map((r) => `<tr>${r.map((c) => `<td>${this.parser.parseInline(c.tokens)}</td>`).join('')}</tr>`).join('\n');
        return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>\n`;
      },
    },
  });
  return marked.parse(readFileSync(guide.file, 'utf8'), { async: false });
}
