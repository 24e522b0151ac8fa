/** The dashboard's CSS, after the site's shared stylesheet (web/page-layout.ts): forms, the top bar, the audit table. */
export const DASHBOARD_STYLE = `
form.stack{display:grid;gap:14px;margin-top:18px}
label{display:grid;gap:6px;font-weight:600;font-size:14px}
input[type=email],input[type=password]{font:inherit;padding:12px 14px;border:1px solid #c9ced6;border-radius:10px;background:#fff;width:100%}
input:focus-visible,.btn:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.alert{background:#fdecec;color:var(--bad);border-radius:10px;padding:10px 14px;margin:14px 0 0;font-weight:600}
.note{background:#e7f6ee;color:var(--ok);border-radius:10px;padding:10px 14px;margin:14px 0 0}
.hint{font-weight:400;color:var(--muted);font-size:13px}
.bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:12px;margin-bottom:16px}
.bar form{margin:0}.bar .btn{width:auto;padding:10px 16px}
.role{display:inline-block;padding:2px 10px;border-radius:999px;background:#eef2ff;color:var(--accent);font-size:13px;font-weight:600}
table.log{table-layout:auto}table.log th{text-align:left;font-size:13px;color:var(--muted);font-weight:600;padding:8px 8px 8px 0;border-bottom:1px solid var(--line)}
table.log td,table.log td:first-child{color:var(--ink);width:auto;padding:8px 8px 8px 0;font-size:14px}
table.log td.when{white-space:nowrap;color:var(--muted)}
@media (max-width:600px){table.log thead{position:absolute;left:-9999px}table.log td::before{content:attr(data-label) ": ";color:var(--muted);font-size:13px}
table.log td,table.log td:first-child{padding:0 0 2px}.bar{flex-direction:column;align-items:stretch}.bar .btn{width:100%}}
`;
