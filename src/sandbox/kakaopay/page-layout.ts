/**
 * The look of the emulated wallet: one HTML shell with inline CSS in KakaoPay yellow, sized for a
 * phone first and shown as a centred card on a desktop. No scripts, no external assets.
 */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function won(n: number): string {
  return `₩${n.toLocaleString('en-US')}`;
}

const CSS = `
*{box-sizing:border-box;margin:0;padding:0}
html{-webkit-text-size-adjust:100%}
body{font-family:-apple-system,BlinkMacSystemFont,"Apple SD Gothic Neo","Noto Sans KR","Segoe UI",Roboto,Helvetica,Arial,sans-serif;
 background:#f2f2f2;color:#191919;line-height:1.45;min-height:100vh}
.sheet{background:#fff;max-width:440px;margin:0 auto;min-height:100vh;display:flex;flex-direction:column}
.sheet.wide{max-width:820px}
@media (min-width:640px){body{padding:48px 16px}.sheet{min-height:0;border-radius:22px;overflow:hidden;box-shadow:0 12px 40px rgba(0,0,0,.10)}}
.top{background:#FFEB00;padding:18px 22px;display:flex;align-items:center;justify-content:space-between}
.logo{font-size:22px;letter-spacing:-.5px;font-weight:500;color:#191919;text-decoration:none}
.logo b{font-weight:800}
.logo .pay{display:inline-block;background:#191919;color:#FFEB00;border-radius:14px 14px 14px 4px;padding:0 9px 2px;margin-left:2px;font-weight:800}
.tag{font-size:11px;font-weight:700;letter-spacing:.08em;background:rgba(0,0,0,.08);border-radius:999px;padding:4px 9px}
main{padding:26px 22px 22px;flex:1;display:flex;flex-direction:column}
.steps{display:flex;gap:6px;margin-bottom:22px}
.steps span{flex:1;height:4px;border-radius:2px;background:#ececec}
.steps span.on{background:#191919}
.merchant{font-size:14px;color:#767676}
.item{font-size:17px;font-weight:600;margin-top:2px;word-break:break-word}
.amount{font-size:34px;font-weight:800;letter-spacing:-1px;margin:10px 0 4px}
.sub{font-size:13px;color:#8a8a8a}
h1{font-size:22px;font-weight:800;letter-spacing:-.5px;margin-bottom:8px}
p.lead{color:#555;font-size:15px;margin-bottom:20px}
.card{border:1px solid #ececec;border-radius:16px;padding:16px 18px;margin:20px 0}
.row{display:flex;justify-content:space-between;font-size:14px;padding:6px 0;gap:12px}
.row span:first-child{color:#767676}
.row span:last-child{text-align:right;font-weight:600}
.methods{display:grid;gap:10px;margin:4px 0 8px}
.method{display:flex;align-items:center;gap:12px;border:1.5px solid #e5e5e5;border-radius:14px;padding:14px 16px;cursor:pointer;font-weight:600}
.method input{accent-color:#191919;width:18px;height:18px}
.method:has(input:checked){border-color:#191919}
.method small{display:block;font-weight:400;color:#8a8a8a;font-size:12px}
.spacer{flex:1;min-height:16px}
.actions{display:grid;gap:10px;margin-top:18px}
.btn{display:block;width:100%;border:0;border-radius:14px;height:54px;font-size:17px;font-weight:700;cursor:pointer;text-align:center;
 line-height:54px;text-decoration:none;font-family:inherit}
.btn-primary{background:#FFEB00;color:#191919}
.btn-primary:hover{background:#f5e100}
.btn-dark{background:#191919;color:#fff}
.btn-ghost{background:#f4f4f4;color:#444}
.code{width:100%;font-size:30px;letter-spacing:12px;text-align:center;border:1.5px solid #e0e0e0;border-radius:14px;height:64px;font-weight:700;
 font-family:ui-monospace,SFMono-Regular,Menlo,monospace;outline:none}
.code:focus{border-color:#191919}
.error{background:#fff1f0;color:#c4291c;border-radius:12px;padding:10px 14px;font-size:14px;margin-bottom:14px}
.hint{font-size:13px;color:#8a8a8a;margin-top:10px;text-align:center}
.terms{list-style:none;margin:6px 0 0}
.terms li{display:flex;gap:10px;padding:9px 0;font-size:14px;border-top:1px solid #f2f2f2}
.terms li:first-child{border-top:0}
.check{display:flex;gap:10px;align-items:center;font-weight:700;font-size:15px;cursor:pointer}
.check input{width:20px;height:20px;accent-color:#191919}
.tools{margin-top:22px;border:1.5px dashed #d6d6d6;border-radius:14px;padding:12px 14px}
.tools p{font-size:12px;color:#8a8a8a;margin-bottom:8px;font-weight:700;letter-spacing:.04em;text-transform:uppercase}
.tools form{display:inline}
.tools button{background:#fff;border:1px solid #d6d6d6;border-radius:999px;padding:7px 12px;font-size:13px;cursor:pointer;margin:0 6px 6px 0;font-family:inherit}
.state{text-align:center;padding:40px 8px}
.state .icon{width:72px;height:72px;border-radius:50%;margin:0 auto 18px;display:flex;align-items:center;justify-content:center;font-size:34px;font-weight:800}
.ok .icon{background:#FFEB00}.warn .icon{background:#f2f2f2}.bad .icon{background:#fde3e0;color:#c4291c}
.clock{position:relative;width:34px;height:34px;border:3.5px solid #191919;border-radius:50%}
.clock::before,.clock::after{content:"";position:absolute;left:50%;bottom:50%;width:3.5px;margin-left:-1.75px;background:#191919;border-radius:2px;transform-origin:50% 100%}
.clock::before{height:11px}.clock::after{height:8px;transform:rotate(90deg)}
.pc{display:grid;grid-template-columns:300px 1fr;gap:36px;align-items:start}
@media (max-width:700px){.pc{grid-template-columns:1fr}}
.qr{background:#fff;border:1px solid #ececec;border-radius:18px;padding:18px;text-align:center}
.qr svg{width:100%;height:auto;display:block}
.qr p{font-size:13px;color:#767676;margin-top:10px}
.foot{padding:14px 22px 20px;font-size:12px;color:#a0a0a0;text-align:center}
table.magic{width:100%;border-collapse:collapse;font-size:14px;margin-top:12px}
table.magic td,table.magic th{border-top:1px solid #eee;padding:10px 8px;text-align:left;vertical-align:top}
table.magic code{background:#fff7a8;border-radius:6px;padding:2px 6px;font-weight:700;white-space:nowrap}
`;

export function layout(opts: { title: string; body: string; wide?: boolean }): string {
  return `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#FFEB00">
<title>${esc(opts.title)} · kakaopay</title>
<style>${CSS}</style>
</head>
<body>
<div class="sheet${opts.wide ? ' wide' : ''}">
<header class="top"><span class="logo"><b>kakao</b><span class="pay">pay</span></span><span class="tag">SANDBOX</span></header>
<main>
${opts.body}
</main>
<div class="foot">walletgate KakaoPay sandbox · no real money moves</div>
</div>
</body>
</html>`;
}
