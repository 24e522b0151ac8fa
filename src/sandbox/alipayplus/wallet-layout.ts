/**
 * The look of the Alipay+ sandbox's wallet pages: one HTML shell with inline CSS in the wallet's
 * colours (CSS variables), phone first and a centred card on a desktop, the page language set, a
 * small logo mark of our own drawing and a "Sandbox" tag. No scripts, no external assets.
 */
import type { WalletSpec } from './wallet-specs.js';

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function money(currency: string, minor: number): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return `${currency} ${(minor / 10 ** digits).toFixed(digits)}`;
}

/** English text with the wallet's own words beside it (in their language), when it has them. */
export function bilingual(spec: WalletSpec, english: string, local: string | undefined): string {
  if (!local || spec.local === null || local === english) return esc(english);
  return `${esc(english)} <span class="loc" lang="${spec.localLang}">${esc(local)}</span>`;
}

const CSS = `
*{box-sizing:border-box;margin:0;padding:0}
html{-webkit-text-size-adjust:100%}
body{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Noto Sans","PingFang HK","Noto Sans Thai","Apple SD Gothic Neo",Helvetica,Arial,sans-serif;
 background:#eef1f5;color:#1d2129;line-height:1.45;min-height:100vh}
.sheet{background:#fff;max-width:440px;margin:0 auto;min-height:100vh;display:flex;flex-direction:column}
@media (min-width:640px){body{padding:48px 16px}.sheet{min-height:0;border-radius:20px;overflow:hidden;box-shadow:0 12px 40px rgba(0,0,0,.12)}}
.top{background:var(--c);color:var(--ink);padding:16px 20px;display:flex;align-items:center;gap:10px}
.top svg{width:34px;height:34px;flex:none}
.brand{font-size:18px;font-weight:800;letter-spacing:-.3px;line-height:1.2;min-width:0}
.brand small{display:block;font-size:12px;font-weight:500;opacity:.85}
.tag{margin-left:auto;font-size:11px;font-weight:800;letter-spacing:.08em;background:rgba(0,0,0,.14);border-radius:999px;padding:4px 9px;flex:none}
main{padding:22px 20px 20px;flex:1;display:flex;flex-direction:column}
.steps{display:flex;gap:6px;margin-bottom:20px}
.steps span{flex:1;height:4px;border-radius:2px;background:#e5e8ee}
.steps span.on{background:var(--c)}
.summary{border:1px solid #e8ebf0;border-radius:14px;padding:14px 16px;margin-bottom:20px}
.merchant{font-size:13px;color:#6b7280;word-break:break-all}
.item{font-size:15px;font-weight:600;word-break:break-word}
.amount{font-size:30px;font-weight:800;letter-spacing:-.5px;margin-top:4px}
h1{font-size:21px;font-weight:800;letter-spacing:-.3px;margin-bottom:6px}
.loc{color:#6b7280;font-weight:500;font-size:.85em}
.top .loc{color:inherit;opacity:.85}
p.lead{color:#4b5563;font-size:15px;margin-bottom:18px}
label.field{display:block;font-size:14px;font-weight:700;margin:14px 0 6px}
input.digits{width:100%;font-size:22px;letter-spacing:4px;border:1.5px solid #d9dde4;border-radius:12px;height:56px;padding:0 14px;font-weight:700;
 font-family:ui-monospace,SFMono-Regular,Menlo,monospace;outline:none;background:#fff;color:#111}
input.digits:focus{border-color:var(--c);box-shadow:0 0 0 3px rgba(0,0,0,.06)}
.hint{font-size:12.5px;color:#6b7280;margin-top:6px}
.hint b{color:#374151}
.error{background:#fff1f0;color:#b42318;border-radius:12px;padding:10px 14px;font-size:14px;margin-bottom:12px;font-weight:600}
.card{border:1px solid #e8ebf0;border-radius:14px;padding:12px 16px;margin:8px 0 4px}
.row{display:flex;justify-content:space-between;font-size:14px;padding:6px 0;gap:12px}
.row span:first-child{color:#6b7280}
.row span:last-child{text-align:right;font-weight:600;word-break:break-word}
.terms{list-style:none;margin:8px 0 0;font-size:14px;color:#374151}
.terms li{padding:7px 0;border-top:1px solid #f1f3f6}
.check{display:flex;gap:10px;align-items:flex-start;font-weight:700;font-size:15px;cursor:pointer;margin-top:12px}
.check input{width:20px;height:20px;flex:none;accent-color:var(--c);margin-top:2px}
.actions{display:grid;gap:10px;margin-top:18px}
.btn{display:block;width:100%;border:0;border-radius:12px;min-height:52px;padding:12px;font-size:17px;font-weight:700;cursor:pointer;text-align:center;
 text-decoration:none;font-family:inherit}
.btn-primary{background:var(--b);color:var(--bink)}
.btn-ghost{background:#f2f4f7;color:#374151}
.spacer{flex:1;min-height:12px}
.tools{margin-top:20px;border:1.5px dashed #cfd4dc;border-radius:14px;padding:12px 14px}
.tools p{font-size:12px;color:#6b7280;margin-bottom:8px;font-weight:800;letter-spacing:.04em;text-transform:uppercase}
.tools form{display:inline}
.tools button{background:#fff;border:1px solid #cfd4dc;border-radius:999px;padding:7px 12px;font-size:13px;cursor:pointer;margin:0 6px 6px 0;font-family:inherit}
.qr{display:flex;gap:14px;align-items:center;border:1px solid #e8ebf0;border-radius:14px;padding:12px;margin-bottom:6px}
.qr svg{width:96px;height:96px;flex:none}
.qr p{font-size:13px;color:#6b7280}
.or{text-align:center;color:#9ca3af;font-size:13px;margin:10px 0 0}
.state{text-align:center;padding:28px 6px}
.state .icon{width:72px;height:72px;border-radius:50%;margin:0 auto 16px;display:flex;align-items:center;justify-content:center;font-size:34px;font-weight:800}
.ok .icon{background:var(--c);color:var(--ink)}.warn .icon{background:#f2f4f7}.bad .icon{background:#fde3e0;color:#b42318}
.foot{padding:12px 20px 18px;font-size:12px;color:#9ca3af;text-align:center}
`;

/** A logo mark of our own: the wallet's letters on a rounded square (not any wallet's trademark). */
function markSvg(spec: WalletSpec): string {
  const size = spec.mark.length > 2 ? 11 : spec.mark.length === 2 ? 13 : 17;
  return `<svg viewBox="0 0 34 34" aria-hidden="true"><rect width="34" height="34" rx="9" fill="${spec.ink}"/>
<text x="17" y="17" dy=".35em" text-anchor="middle" font-size="${size}" font-weight="800" font-family="Arial,sans-serif" fill="${spec.color}">${esc(spec.mark)}</text></svg>`;
}

/** A QR-like pattern drawn from a seed string: decoration for the "scan with the app" box (it encodes nothing). */
export function qrPattern(seed: string): string {
  let h = 2166136261;
  const cells: string[] = [];
  for (let y = 0; y < 21; y++)
    for (let x = 0; x < 21; x++) {
      const finder = (x < 7 && y < 7) || (x > 13 && y < 7) || (x < 7 && y > 13);
      h = Math.imul(h ^ (seed.charCodeAt((x + y * 21) % Math.max(seed.length, 1)) || 7), 16777619) >>> 0;
      if (!finder && h % 3 === 0) cells.push(`M${x} ${y}h1v1h-1z`);
    }
  const finder = (x: number, y: number) =>
    `<rect x="${x}" y="${y}" width="7" height="7" fill="#111"/><rect x="${x + 1}" y="${y + 1}" width="5" height="5" fill="#fff"/><rect x="${x + 2}" y="${y + 2}" width="3" height="3" fill="#111"/>`;
  return `<svg viewBox="-1 -1 23 23" role="img" aria-label="QR code (sandbox: not scannable)"><rect x="-1" y="-1" width="23" height="23" fill="#fff"/>
<path d="${cells.join('')}" fill="#111"/>${finder(0, 0)}${finder(14, 0)}${finder(0, 14)}</svg>`;
}

export function walletLayout(spec: WalletSpec, title: string, body: string): string {
  const vars = `--c:${spec.color};--ink:${spec.ink};--b:${spec.button};--bink:${spec.buttonInk}`;
  const local = spec.local ? `<small lang="${spec.localLang}">${esc(spec.local.title)}</small>` : '<small>Alipay+ partner wallet</small>';
  return `<!doctype html>
<html lang="${spec.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="${spec.color}">
<title>${esc(title)} · ${esc(spec.name)} (Sandbox)</title>
<style>${CSS}</style>
</head>
<body style="${vars}">
<div class="sheet">
<header class="top">${markSvg(spec)}<span class="brand">${esc(spec.name)}${local}</span><span class="tag">SANDBOX</span></header>
<main>
${body}
</main>
<div class="foot">Alipay+ sandbox · ${esc(spec.name)} test wallet · no real money moves</div>
</div>
</body>
</html>`;
}
