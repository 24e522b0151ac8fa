/**
 * What /docs offers, fixed when the gateway starts: every OpenAPI description (one per registered
 * dialect, as each declares it, and the dashboard's Data API) and every guide (README.md and each
 * Markdown file under docs/). The guides form the allow-list of /docs/guides/…: a name not in it is
 * a 404, whatever it spells, so no path a request carries is ever opened.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { DIALECTS, DIALECT_IDS, type DocsDemoAuth } from '../../dialects/index.js';
import { DATA_API_OPENAPI } from '../dashboard/data-api-routes.js';

export interface DocsApi {
  /** The URL name: /docs/openapi/{name}.yaml. */
  name: string;
  title: string;
  /** The YAML file on disk. */
  file: string;
  /** Where this gateway serves the API: the served description's one server, relative to the page's origin. */
  basePath: string;
  note?: string;
  /** The demo merchant's key for "Try it out": set only while the sandbox is on. */
  demoAuth?: DocsDemoAuth;
}

export interface Guide {
  /** The URL name: /docs/guides/{name} ("README", "sandbox", "dialects/adyen"). */
  name: string;
  /** The file, relative to the package root, with `/`: "docs/dialects/adyen.md". */
  source: string;
  /** The file on disk. */
  file: string;
  /** Its first `# ` heading, or its name. */
  title: string;
  /** The folder under docs/ ("" for README.md and docs/*.md). */
  folder: string;
}

export interface DocsCatalog {
  root: string;
  /** README.md and docs/ were not installed with this copy of walletgate (a build copied without them): /docs says so. */
  missing: boolean;
  apis: DocsApi[];
  guides: Guide[];
}

const DOCS = 'docs';

function titleOf(file: string, fallback: string): string {
  const heading = /^# +(.+)$/m.exec(readFileSync(file, 'utf8'));
  return heading ? heading[1]!.replace(/[`*]/g, '').trim() : fallback;
}

/** Every .md file under docs/, as paths relative to the package root (no symbolic links followed). */
function markdownFiles(root: string, folder: string): string[] {
  if (!existsSync(join(root, folder))) return [];
  const found: string[] = [];
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = posix.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...markdownFiles(root, rel));
    else if (entry.isFile() && entry.name.endsWith('.md')) found.push(rel);
  }
  return found;
}

function guideOf(root: string, source: string): Guide {
  const inDocs = source.startsWith(`${DOCS}/`) ? source.slice(DOCS.length + 1) : source;
  const name = inDocs.slice(0, -'.md'.length);
  const folder = posix.dirname(inDocs);
  const file = join(root, ...source.split('/'));
  return { name, source, file, title: titleOf(file, name), folder: folder === '.' ? '' : folder };
}

export function docsCatalog(root: string, opts: { sandbox: boolean }): DocsCatalog {
  const dialectApis = DIALECT_IDS.map((id): DocsApi => {
    const d = DIALECTS[id];
    const auth = d.demo.docsAuth;
    return {
      name: d.openapi.file.replace(/\.yaml$/, ''),
      title: `${d.title} API`,
      file: join(root, DOCS, 'openapi', d.openapi.file),
      basePath: `/${id}`,
      ...(d.openapi.note ? { note: d.openapi.note } : {}),
      ...(opts.sandbox && auth ? { demoAuth: auth } : {}),
    };
  });
  const dataApi: DocsApi = {
    name: DATA_API_OPENAPI.file.replace(/\.yaml$/, ''),
    title: DATA_API_OPENAPI.title,
    file: join(root, DOCS, 'openapi', DATA_API_OPENAPI.file),
    basePath: DATA_API_OPENAPI.basePath,
    note: DATA_API_OPENAPI.note,
  };
  const seen = new Set<string>();
  const guides = ['README.md', ...markdownFiles(root, DOCS)]
    .filter((source) => existsSync(join(root, source)))
    .map((source) => guideOf(root, source))
    .filter((g) => !seen.has(g.name) && seen.add(g.name));
  const apis = [...dialectApis, dataApi].filter((a) => existsSync(a.file));
  return { root, missing: apis.length === 0 && guides.length === 0, apis, guides };
}
