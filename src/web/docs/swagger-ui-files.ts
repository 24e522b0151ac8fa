/**
 * Swagger UI (ADR 0030), served by the gateway itself from the installed swagger-ui-dist package so
 * /docs works offline and loads nothing from another host: the three files the standalone layout
 * needs, read once at start. Public, cached for a day.
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

/** Each file's text, without its source-map comment (the maps are not served). */
export function readSwaggerUiFiles(): Record<SwaggerUiFile, string> {
  const require = createRequire(import.meta.url);
  const folder = dirname(require.resolve('swagger-ui-dist/package.json'));
  const read = (name: SwaggerUiFile) =>
    readFileSync(join(folder, name), 'utf8').replace(/\n\/[/*]# sourceMappingURL=\S+(?: \*\/)?\s*$/, '\n');
  return {
    'swagger-ui.css': read('swagger-ui.css'),
    'swagger-ui-bundle.js': read('swagger-ui-bundle.js'),
    'swagger-ui-standalone-preset.js': read('swagger-ui-standalone-preset.js'),
  };
}
