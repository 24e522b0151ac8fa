/** The HTML shell shared by walletgate's own pages: one stylesheet, responsive, no external assets. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
:root{--ink:#14161a;--muted:#5f6673;--line:#e6e8ec;--bg:#f5f6f8;--accent:#1f5eff;--ok:#0a8a4a;--bad:#c62828}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Apple SD Gothic Neo",sans-serif;color:var(--ink);background:var(--bg)}
header{display:flex;align-items:center;gap:10px;padding:16px 24px;background:#fff;border-bottom:1px solid var(--line)}
.logo{width:28px;height:28px;border-radius:8px;background:linear-gradient(135deg,#1f5eff,#7b3fe4)}
header b{font-size:17px;letter-spacing:.2px}header span{color:var(--muted);font-size:14px}
main{max-width:980px;margin:32px auto;padding:0 20px}
.card{background:#fff;border:1px solid var(--line);border-radius:16px;padding:28px;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.narrow{max-width:460px;margin:0 auto}
h1{font-size:24px;margin:0 0 6px}h2{font-size:18px;margin:24px 0 8px}p{margin:6px 0}.muted{color:var(--muted)}
.amount{font-size:34px;font-weight:700;margin:10px 0 2px;letter-spacing:-.5px}
.qr{display:flex;justify-content:center;margin:22px 0}.qr svg{width:220px;height:220px;border:1px solid var(--line);border-radius:12px;padding:10px;background:#fff}
.btn{display:block;width:100%;text-align:center;padding:14px 18px;border-radius:12px;font-weight:600;text-decoration:none;border:0;font-size:16px;cursor:pointer}
.btn.primary{background:var(--ink);color:#fff}.btn.ghost{background:#fff;color:var(--ink);border:1px solid var(--line);margin-top:10px}
.status{display:inline-block;padding:3px 10px;border-radius:999px;font-size:13px;font-weight:600;background:#eef2ff;color:var(--accent)}
.status.ok{background:#e7f6ee;color:var(--ok)}.status.bad{background:#fdecec;color:var(--bad)}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:16px}
code,pre{font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace}pre{background:#0f1115;color:#e8eaf0;padding:14px;border-radius:10px;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere}
table{width:100%;border-collapse:collapse;table-layout:fixed}td{padding:8px 0;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:break-word}td:first-child{color:var(--muted);width:34%;padding-right:12px}
td code{word-break:break-all}h2 code{font-size:16px;background:#eef2ff;color:var(--accent);padding:1px 6px;border-radius:6px}.grid>*{min-width:0}
.steps{display:flex;gap:8px;justify-content:center;color:var(--muted);font-size:13px;margin-top:16px}
footer{color:var(--muted);font-size:13px;text-align:center;margin:28px 0}
@media (max-width:600px){main{margin:16px auto}.card{padding:20px;border-radius:14px}.amount{font-size:30px}tr{display:block;border-bottom:1px solid var(--line);padding:8px 0}td{display:block;border:0;padding:0}td:first-child{width:auto;font-size:13px;padding:0 0 2px}}
`;

/**
 * `style`: more CSS for this page only, after the shared stylesheet (still inline: pages load nothing else).
 * `moveOn`: the browser goes to `url` by itself after `seconds` (a refresh meta tag: no script needed).
 */
export function page(
  title: string,
  body: string,
  opts: { refreshScript?: string; style?: string; moveOn?: { url: string; seconds: number } } = {},
): string {
  const moveOn = opts.moveOn ? `<meta http-equiv="refresh" content="${opts.moveOn.seconds};url=${escapeHtml(opts.moveOn.url)}">` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">${moveOn}
<title>${escapeHtml(title)} · walletgate</title><style>${STYLE}${opts.style ?? ''}</style></head>
<body><header><div class="logo" aria-hidden="true"></div><b>walletgate</b><span>secure wallet checkout</span></header>
<main>${body}</main><footer>walletgate · self-hosted KakaoPay &amp; Alipay+ gateway</footer>${opts.refreshScript ? `<script>${opts.refreshScript}</script>` : ''}</body></html>`;
}
