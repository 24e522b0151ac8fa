/**
 * An OpenAPI description as /docs/openapi/{name}.yaml serves it: the file in docs/openapi/ with its
 * top-level `servers` replaced by one relative server, the API's path on this gateway ("/globalpay").
 * A relative server is resolved against the page's own origin, so "Try it out" calls the very gateway
 * that served the page — whatever host name, port or scheme the reader used — and nothing else.
 * The rest of the file is served byte for byte (the YAML is parsed by the renderer, in the browser).
 */
import { readFileSync } from 'node:fs';

/** From the top-level `servers:` line to the next top-level key (a line starting with neither a space nor `-` nor `#`). */
const SERVERS_BLOCK = /^servers:[^\n]*\n(?:(?:[ \t-][^\n]*|#[^\n]*)?\n)*/m;

export function withServer(yaml: string, basePath: string, description: string): string {
  const servers = `servers:\n  - url: ${basePath}\n    description: ${JSON.stringify(description)}\n`;
  return SERVERS_BLOCK.test(yaml) ? yaml.replace(SERVERS_BLOCK, servers) : `${yaml.replace(/\n?$/, '\n')}${servers}`;
}

export function servedOpenapi(file: string, basePath: string): string {
  return withServer(readFileSync(file, 'utf8'), basePath, 'This walletgate: the gateway that served this description.');
}
