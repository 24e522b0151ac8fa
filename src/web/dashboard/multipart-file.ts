/**
 * Just enough multipart/form-data (RFC 7578) for one upload form: its text fields and one file, from
 * a body Fastify has already limited in size. No streaming, no nested parts, no other encodings:
 * what a browser sends for `<form enctype="multipart/form-data">` with one `<input type="file">`.
 */

export interface MultipartForm {
  fields: Map<string, string>;
  file: { field: string; name: string; content: Buffer } | undefined;
}

/** The boundary of a multipart/form-data content type, or undefined. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

function headerParams(headers: string): { name?: string; filename?: string } {
  const line = headers.split('\r\n').find((h) => /^content-disposition:/i.test(h)) ?? '';
  const param = (key: string) => new RegExp(`;\\s*${key}="([^"]*)"`, 'i').exec(line)?.[1];
  const name = param('name');
  const filename = param('filename');
  return { ...(name !== undefined ? { name } : {}), ...(filename !== undefined ? { filename } : {}) };
}

/** The form, or undefined when the body is not well-formed multipart with this boundary. */
export function parseMultipart(body: Buffer, boundary: string): MultipartForm | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields = new Map<string, string>();
  let file: MultipartForm['file'];
  let at = body.indexOf(delimiter);
  if (at === -1) return undefined;
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') return { fields, file };
    if (body.subarray(at, at + 2).toString() !== '\r\n') return undefined;
    const headersEnd = body.indexOf('\r\n\r\n', at);
    if (headersEnd === -1) return undefined;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headersEnd);
    if (next === -1) return undefined;
    const { name, filename } = headerParams(body.subarray(at + 2, headersEnd).toString('utf8'));
    const content = body.subarray(headersEnd + 4, next);
    if (name !== undefined) {
      if (filename !== undefined) file ??= { field: name, name: filename, content: Buffer.from(content) };
      else fields.set(name, content.toString('utf8'));
    }
    at = next + 2;
  }
}
