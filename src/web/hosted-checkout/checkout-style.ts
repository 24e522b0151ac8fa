/** The hosted checkout's own CSS, added to the shared stylesheet (page-layout.ts): inline, no web fonts, no CDN. */
export const CHECKOUT_STYLE = `
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.checkout h1.merchant{font-size:15px;font-weight:600;color:var(--muted);margin:0;overflow-wrap:anywhere}
.checkout .summary{border-bottom:1px solid var(--line);padding-bottom:18px;margin-bottom:20px}
.checkout .desc{overflow-wrap:anywhere}
.checkout .order{display:flex;justify-content:space-between;gap:12px;font-size:14px;color:var(--muted);margin:12px 0 0}
.checkout .order dd{margin:0;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;color:var(--ink);overflow-wrap:anywhere;text-align:right}
.checkout fieldset{border:0;margin:0;padding:0;min-width:0}
.checkout legend{font-weight:600;font-size:17px;margin:0 0 12px;padding:0}
.methods{list-style:none;margin:0;padding:0;display:grid;gap:10px}
.method{display:flex;align-items:center;gap:14px;width:100%;min-height:64px;padding:12px 16px;border:1px solid #c9cfd9;border-radius:12px;background:#fff;color:var(--ink);font:inherit;text-align:left;cursor:pointer}
.method:hover{border-color:#8b95a7;background:#fafbfd}
.method:active{transform:translateY(1px)}
.method:focus-visible,.checkout a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.method .badge{flex:none;width:42px;height:42px;border-radius:11px;background:#e8edff;color:#1739a6;display:grid;place-items:center;font-weight:700;font-size:18px}
.method .text{min-width:0}.method .name{display:block;font-weight:600}.method .hint{display:block;font-size:14px;color:var(--muted)}
.method .go{margin-left:auto;color:var(--muted);font-size:24px;line-height:1}
.checkout .none{padding:14px 16px;border-radius:12px;background:#fdecec;color:#8e1c1c}
.checkout .secure{display:flex;gap:8px;align-items:flex-start;font-size:13px;color:var(--muted);margin:20px 0 0}.checkout .secure svg{margin-top:3px}
.checkout .secure svg{flex:none}
.checkout .back{display:block;text-align:center;margin-top:14px;color:var(--accent);font-weight:600}
.checkout .problem{font-size:14px;color:var(--muted);background:var(--bg);border-radius:10px;padding:10px 12px;margin-top:14px;overflow-wrap:anywhere}
.checkout .icon{width:48px;height:48px;border-radius:50%;display:grid;place-items:center;background:#fdecec;color:var(--bad);font-weight:700;font-size:24px;margin-bottom:12px}
@media (max-width:600px){.checkout .amount{font-size:30px}.method{min-height:60px}}
`;
