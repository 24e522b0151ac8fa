/** An answer as the bad-input suites read it: status, headers, raw text and the parsed JSON (if any). */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // error bodies are walked by field name in assertions
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** Sends one request (a JSON text body when given) and reads the answer as a Reply. */
export async function fetchReply(url: string, method: string, headers: Record<string, string>, payload?: string): Promise<Reply> {
  const res = await fetch(url, {
    method,
    headers: { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(payload !== undefined ? { body: payload } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the assertions on `json` say so
  }
  return { status: res.status, headers: res.headers, text, json };
}
