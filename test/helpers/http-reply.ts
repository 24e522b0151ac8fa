/** An answer as the bad-input suites read it: status, headers, raw text and the parsed JSON (if any). */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // error bodies are walked by field name in assertions
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}
