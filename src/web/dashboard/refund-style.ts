/** CSS of the refund pages (form, confirmation, mass refunds), after the dashboard's own. */
export const REFUND_STYLE = `
input[type=text],input[type=number],input[type=file],textarea{font:inherit;padding:10px 12px;border:1px solid #c9ced6;border-radius:10px;background:#fff;width:100%}
dl.sums{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:0}
dl.sums div{background:var(--bg);border-radius:10px;padding:10px 14px}dl.sums dt{font-size:13px;color:var(--muted)}dl.sums dd{margin:0;font-weight:700;font-size:18px}
.actions{display:flex;flex-wrap:wrap;gap:10px;align-items:center}.actions .btn{width:auto;padding:10px 18px;margin:0}
.state-invalid,.state-failed{color:var(--bad);font-weight:600}.state-refunded{color:var(--ok);font-weight:600}
table.log td.num{white-space:nowrap}
progress{width:100%;height:14px}
dl.columns{display:grid;grid-template-columns:max-content 1fr;gap:6px 14px;margin:0 0 8px}dl.columns dd{margin:0}
@media (max-width:600px){dl.columns{grid-template-columns:1fr}dl.columns dd{margin:0 0 8px}}
`;
