/**
 * Swagger UI (ADR 0030), served by the gateway itself from the installed swagger-ui-dist package so
 * /docs works offline and loads nothing from another host: the three files the standalone layout
 * needs, read on first asked for (not when each gateway starts: 2 MB nobody may ask for), then kept
 * for the process. Public, cached for a day.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const SWAGGER_UI_FILES = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
} as const;

export type SwaggerUiFile = keyof typeof SWAGGER_UI_FILES;

/** The installed package's folder (its main entry, index.js, sits at the top): resolved when the gateway starts, so a missing package stops the start, not a reader. */
export function swaggerUiFolder(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('swagger-ui-dist'));
}

const files = new Map<SwaggerUiFile, string>();

/** A file's text, without its source-map comment (the maps are not served). */
export function swaggerUiFile(folder: string, name: SwaggerUiFile): string {
  let text = files.get(name);
  if (text === undefined) {
    text = readFileSync(join(folder, name), 'utf8').replace(/\n\/[/*]# sourceMappingURL=\S+(?: \*\/)?\s*$/, '\n');
    files.set(name, text);
  }
  return text;
}
