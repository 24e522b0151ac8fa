/**
 * The pages of /docs: the index (every API description and every guide), the API reference (Swagger
 * UI's shell: its stylesheet and scripts come from /docs/assets/, the page itself runs no inline
 * script), a guide, and the page of a path /docs does not serve. Each in walletgate's own look.
 */
import { escapeHtml, page } from '../page-layout.js';
import type { DocsCatalog, Guide } from './docs-catalog.js';
import { apiUrl, guideUrl } from './guide-html.js';

/** The headings of the index's guide groups, by folder under docs/; another folder is shown by its name. */
const FOLDER_TITLES: Record<string, string> = {
  '': 'Guides',
  dialects: 'The APIs, with their vendors’ libraries',
  connectors: 'Wallets and connectors',
  adr: 'Design decisions',
};

const DOCS_STYLE = `
.crumbs{font-size:14px;margin:0 0 14px}.crumbs a,.docs a{color:var(--accent)}
.docs ul{padding-left:20px;margin:6px 0}.docs li{margin:4px 0;overflow-wrap:anywhere}
.api-list li{margin:10px 0}.api-list .muted{font-size:14px}
.guide{overflow-wrap:break-word}.guide h1{font-size:26px}.guide h2{font-size:20px;margin-top:32px}.guide h3{font-size:17px;margin-top:24px}
.guide .anchor{float:left;margin-left:-18px;width:18px;color:var(--line);text-decoration:none}.guide h1 .anchor,.guide h2 .anchor,.guide h3 .anchor{visibility:hidden}
.guide h1:hover .anchor,.guide h2:hover .anchor,.guide h3:hover .anchor{visibility:visible}
.guide :not(pre)>code{background:#f0f2f5;padding:1px 5px;border-radius:5px;overflow-wrap:anywhere}
.guide pre code{background:none;padding:0}.guide pre{white-space:pre;overflow-wrap:normal}
.guide blockquote{margin:12px 0;padding:4px 16px;border-left:4px solid var(--line);color:var(--muted)}
.guide .table-wrap{overflow-x:auto;margin:12px 0}.guide table{table-layout:auto;min-width:60%}
.guide th{text-align:left;padding:8px 12px 8px 0;border-bottom:2px solid var(--line)}.guide td{padding:6px 12px 6px 0}
.guide td:first-child{color:inherit;width:auto}.guide td code{word-break:normal;overflow-wrap:break-word}.guide img{max-width:100%}.unserved{font-style:italic}
@media (max-width:600px){.guide tr{display:table-row;border:0;padding:0}.guide td,.guide th{display:table-cell;padding:6px 10px 6px 0;font-size:14px}.guide td:first-child{font-size:14px}}
`;

const crumbs = (here: string) => `<p class="crumbs"><a href="/docs">Documentation</a> › ${escapeHtml(here)}</p>`;

/** GET /docs: what there is to read. */
export function docsIndexPage(catalog: DocsCatalog, sandbox: boolean): string {
  const apis = catalog.apis
    .map(
      (a) =>
        `<li><a href="${escapeHtml(apiUrl(a.title))}"><b>${escapeHtml(a.title)}</b></a> · <a href="/docs/openapi/${escapeHtml(a.name)}.yaml">${escapeHtml(a.name)}.yaml</a>` +
        ` <span class="muted">· served at <code>${escapeHtml(a.basePath)}</code></span>${a.note ? `<br><span class="muted">${escapeHtml(a.note)}</span>` : ''}</li>`,
    )
    .join('');
  // the known folders in FOLDER_TITLES' order, then any other in the order found
  const found = new Set(catalog.guides.filter((g) => g.source !== 'README.md').map((g) => g.folder));
  const folders = [...Object.keys(FOLDER_TITLES).filter((f) => found.has(f)), ...[...found].filter((f) => !(f in FOLDER_TITLES))];
  const readme = catalog.guides.find((g) => g.source === 'README.md');
  const link = (g: Guide) => `<li><a href="${escapeHtml(guideUrl(g))}">${escapeHtml(g.title)}</a></li>`;
  const groups = folders
    .map((f) => {
      const title = FOLDER_TITLES[f] ?? f;
      const id = `guides-${f === '' ? 'main' : f.replace(/[^a-z0-9-]/gi, '-')}`;
      return `<h2 id="${escapeHtml(id)}">${escapeHtml(title)}</h2><ul>${catalog.guides
        .filter((g) => g.folder === f && g.source !== 'README.md')
        .map(link)
        .join('')}</ul>`;
    })
    .join('');
  const tryIt = sandbox
    ? 'The sandbox is on: “Try it out” is pre-authorised with the demo merchant’s published keys and calls this gateway.'
    : 'Authorize with a merchant’s own keys (walletgate merchant show &lt;merchant&gt;); “Try it out” calls this gateway.';
  const missing = catalog.missing
    ? `<p>This copy of walletgate was installed without its <code>README.md</code> and <code>docs/</code> folder: copy them beside <code>package.json</code> to serve them here, or read them in the repository.</p>`
    : '';
  const body = `<div class="card docs"><h1>walletgate documentation</h1>${missing}
<p class="muted">The API references, rendered from their OpenAPI descriptions, and the guides — all served by this gateway.</p>
${readme ? `<p><a href="${escapeHtml(guideUrl(readme))}">Start with the README</a>: a five-minute tour, then where everything is.</p>` : ''}
<h2 id="apis">API references</h2><p class="muted">${tryIt}</p><ul class="api-list">${apis}</ul>
${groups}</div>`;
  return page('Documentation', body, { style: DOCS_STYLE });
}

/** GET /docs/guides/{name}: a guide, rendered. */
export function guidePage(guide: Guide, html: string): string {
  return page(guide.title, `<div class="card docs">${crumbs(guide.source)}<article class="guide">${html}</article></div>`, {
    style: DOCS_STYLE,
  });
}

/** A path under /docs that is not served, or a request it cannot read: a page all the same. */
export function docsMessagePage(title = 'Not found', message = 'There is no such page in the documentation.'): string {
  return page(
    title,
    `<div class="card docs narrow"><h1>${escapeHtml(title)}</h1><p class="muted">${escapeHtml(message)}</p><p><a href="/docs">All documentation</a></p></div>`,
    { style: DOCS_STYLE },
  );
}

const API_STYLE = `
:root{--ink:#14161a;--muted:#5f6673;--line:#e6e8ec;--accent:#1f5eff}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
header{display:flex;align-items:center;gap:10px;padding:16px 24px;background:#fff;border-bottom:1px solid var(--line);flex-wrap:wrap}
.logo{width:28px;height:28px;border-radius:8px;background:linear-gradient(135deg,#1f5eff,#7b3fe4)}
header b{font-size:17px}header span{color:var(--muted);font-size:14px}header nav{margin-left:auto;font-size:14px}header nav a{color:var(--accent)}
.notice{max-width:1460px;margin:12px auto 0;padding:0 20px;color:var(--muted);font-size:14px}
.swagger-ui .topbar{background:#14161a;padding:8px 0}.swagger-ui .topbar .link{display:none}
.swagger-ui .topbar .download-url-wrapper{max-width:100%}.swagger-ui .topbar .download-url-wrapper .select-label{color:#fff;max-width:100%}
.swagger-ui .topbar .download-url-wrapper .select-label select{border-color:#1f5eff}
.swagger-ui .wrapper{padding:0 16px}.swagger-ui .info .title small pre{background:none}
@media (max-width:600px){header{padding:12px 16px}.swagger-ui .info .title{font-size:24px}.swagger-ui .topbar .download-url-wrapper .select-label span{display:none}}
`;

/** GET /docs/api: Swagger UI, with every description in its top bar (`?urls.primaryName=` chooses the first shown). */
export function apiReferencePage(sandbox: boolean): string {
  const notice = sandbox
    ? 'Sandbox on: “Try it out” is pre-authorised with the demo merchant’s published test keys, and sends its requests to this gateway.'
    : '“Try it out” sends its requests to this gateway: press Authorize and use a merchant’s own keys.';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>API reference · walletgate</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"><style>${API_STYLE}</style>
<script src="/docs/assets/swagger-ui-bundle.js" defer></script><script src="/docs/assets/swagger-ui-standalone-preset.js" defer></script><script src="/docs/assets/api-reference.js" defer></script></head>
<body><header><div class="logo" aria-hidden="true"></div><b>walletgate</b><span>API reference</span><nav><a href="/docs">All documentation and guides</a></nav></header>
<p class="notice">${notice}</p><div id="swagger-ui"></div></body></html>`;
}
