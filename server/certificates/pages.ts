// The public, server-rendered certificate pages: the printable certificate (/certificates/:id,
// A4 landscape, Lao shaped by the browser), the verify page (/verify?c=<jws> from the QR
// code, /verify/:id from a typed code, /verify with a form), and the JWKS at
// /.well-known/jwks.json. All public: a certificate's code is what its holder shows to be
// checked. Not for the JSON API (api/certificates.ts).
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { assets as builtAssets } from '../../dist/assets-bundle.js';
import type { Env } from '../deps.js';
import { admits } from '../identity/principal.js';
import { jwks } from './keys.js';
import { qrSvg } from './qr.js';
import { normaliseCertificateId, verifyCertificate, verifyUrl, type CertificatePayload, type Localized, type Verification } from './signed.js';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** UI text of these pages, Lao first (machine-drafted: see README-certificates, to be reviewed). */
const T = {
  certificate: { lo: 'ໃບຢັ້ງຢືນ', en: 'Certificate' },
  certifies: { lo: 'ຂໍຢັ້ງຢືນວ່າ', en: 'This certifies that' },
  completed: { lo: 'ໄດ້ສຳເລັດຫຼັກສູດ', en: 'has successfully completed the course' },
  issued: { lo: 'ວັນທີອອກ', en: 'Issued' },
  validUntil: { lo: 'ໃຊ້ໄດ້ຮອດ', en: 'Valid until' },
  noExpiry: { lo: 'ບໍ່ມີກຳນົດໝົດອາຍຸ', en: 'Does not expire' },
  issuer: { lo: 'ອອກໂດຍ', en: 'Issued by' },
  code: { lo: 'ລະຫັດກວດສອບ', en: 'Verification code' },
  scan: { lo: 'ສະແກນເພື່ອກວດສອບ', en: 'Scan to verify' },
  print: { lo: 'ພິມ', en: 'Print' },
  name: { lo: 'ຊື່', en: 'Name' },
  course: { lo: 'ຫຼັກສູດ', en: 'Course' },
  verifyTitle: { lo: 'ກວດສອບໃບຢັ້ງຢືນ', en: 'Verify a certificate' },
  verifyButton: { lo: 'ກວດສອບ', en: 'Verify' },
  verifyHelp: { lo: 'ສະແກນ QR ໂຄດເທິງໃບຢັ້ງຢືນ ຫຼື ພິມລະຫັດກວດສອບ.', en: 'Scan the QR code on the certificate, or type its verification code.' },
  badCode: { lo: 'ນີ້ບໍ່ແມ່ນລະຫັດກວດສອບ (ຕົວຢ່າງ: 7KQ2-M9DX-PA3H).', en: 'That is not a verification code (example: 7KQ2-M9DX-PA3H).' },
  revokedOn: { lo: 'ຍົກເລີກເມື່ອ', en: 'Revoked on' },
  reason: { lo: 'ເຫດຜົນ', en: 'Reason' },
  expiredOn: { lo: 'ໝົດອາຍຸເມື່ອ', en: 'Expired on' },
  offline: {
    lo: 'ກວດສອບແບບບໍ່ມີອິນເຕີເນັດ: QR ໂຄດບັນຈຸໃບຢັ້ງຢືນທີ່ລົງລາຍເຊັນແລ້ວ; ກະແຈສາທາລະນະຢູ່ທີ່',
    en: 'Offline checking: the QR code carries the signed certificate; the public keys are at',
  },
  revokedNotice: { lo: 'ໃບຢັ້ງຢືນນີ້ຖືກຍົກເລີກແລ້ວ ແລະ ບໍ່ສາມາດພິມໄດ້.', en: 'This certificate has been revoked and cannot be printed.' },
} satisfies Record<string, Localized>;

const STATUS: Record<Verification['status'], Localized> = {
  valid: { lo: 'ໃບຢັ້ງຢືນນີ້ຖືກຕ້ອງ', en: 'This certificate is valid' },
  expired: { lo: 'ໃບຢັ້ງຢືນນີ້ໝົດອາຍຸແລ້ວ', en: 'This certificate has expired' },
  revoked: { lo: 'ໃບຢັ້ງຢືນນີ້ຖືກຍົກເລີກແລ້ວ', en: 'This certificate has been revoked' },
  forged: { lo: 'ໃບຢັ້ງຢືນນີ້ປອມ ຫຼື ຖືກດັດແກ້', en: 'This certificate is forged or has been altered' },
  'not-found': { lo: 'ບໍ່ພົບໃບຢັ້ງຢືນທີ່ມີລະຫັດນີ້', en: 'No certificate has this code' },
};

const REASON: Record<NonNullable<Verification['reason']>, Localized> = {
  'bad-signature': { lo: 'ລາຍເຊັນດິຈີຕອນບໍ່ກົງກັບເນື້ອໃນ.', en: 'The digital signature does not match the content.' },
  'unknown-key': { lo: 'ມັນຖືກລົງລາຍເຊັນດ້ວຍກະແຈທີ່ເວັບໄຊນີ້ບໍ່ເຄີຍໃຊ້.', en: 'It was signed with a key this site has never used.' },
  malformed: { lo: 'ນີ້ບໍ່ແມ່ນໃບຢັ້ງຢືນທີ່ອ່ານໄດ້.', en: 'This is not a readable certificate.' },
  'not-issued': { lo: 'ເວັບໄຊນີ້ບໍ່ມີບັນທຶກວ່າໄດ້ອອກໃບຢັ້ງຢືນນີ້.', en: 'This site has no record of issuing it.' },
  'record-mismatch': { lo: 'ເນື້ອໃນບໍ່ກົງກັບບັນທຶກທີ່ອອກໃຫ້.', en: 'The content differs from the issued record.' },
};

// Month names as CLDR gives them for lo and en. Written out rather than taken from Intl:
// workerd's ICU has no Lao data and formats lo-LA dates in US English.
const MONTHS = {
  lo: ['ມັງກອນ', 'ກຸມພາ', 'ມີນາ', 'ເມສາ', 'ພຶດສະພາ', 'ມິຖຸນາ', 'ກໍລະກົດ', 'ສິງຫາ', 'ກັນຍາ', 'ຕຸລາ', 'ພະຈິກ', 'ທັນວາ'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
/** Laos keeps UTC+7 all year (Asia/Vientiane, no daylight saving). */
const LAO_OFFSET_MS = 7 * 3600_000;

/** A date as Lao and English readers write it ("22 ພະຈິກ 2026", "22 November 2026"), on the Lao calendar day. */
export function formatDate(date: Date, locale: 'lo' | 'en'): string {
  const lao = new Date(date.getTime() + LAO_OFFSET_MS);
  return `${lao.getUTCDate()} ${MONTHS[locale][lao.getUTCMonth()]} ${lao.getUTCFullYear()}`;
}

const both = (t: Localized) => html`<span lang="lo">${t.lo}</span> <span class="en" lang="en">${t.en}</span>`;

function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * @font-face rules for the self-hosted Lao subset of Noto Sans Lao that the player build puts
 * under /assets (scripts/build-components.ts names them noto-sans-lao-<weight>.<hash>.woff2),
 * then an installed Noto Sans Lao. Without a build, the installed fonts and the fallbacks in
 * the font-family list apply.
 */
function laoFontFaces(): string {
  const local = 'local("Noto Sans Lao"), local("NotoSansLao-Regular")';
  const faces: string[] = [];
  for (const weight of [400, 700]) {
    const file = Object.keys(builtAssets).find((f) => new RegExp(`^noto-sans-lao-${weight}\\.[0-9A-F]+\\.woff2$`).test(f));
    faces.push(
      `@font-face { font-family: "Noto Sans Lao"; font-weight: ${weight}; font-style: normal; font-display: swap; ` +
        `src: ${file ? `url("/assets/${file}") format("woff2"), ` : ''}${local}; unicode-range: U+0E81-0EDF, U+200C-200D, U+25CC; }`,
    );
  }
  return faces.join('\n');
}

const BASE_CSS = `
${laoFontFaces()}
:root { color-scheme: light; --ink: #1b1b1b; --muted: #555; --accent: #8a1c1c; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans Lao", "Phetsarath OT", "Lao UI", "Saysettha OT", sans-serif; line-height: 1.7; color: var(--ink); }
body { margin: 0; background: #f1efe9; }
/* Lao needs no break-all: words wrap at the browser's dictionary boundaries (domain-research §4.4). */
.en { color: var(--muted); }
main { max-width: 46rem; margin: 0 auto; padding: 1.25rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
dl { margin: 1rem 0; }
dt { font-weight: 600; margin-top: .6rem; }
dd { margin: 0; overflow-wrap: break-word; }
/* Label beside value where there is room; stacked on a phone. */
@media (min-width: 36rem) { dl { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; } dt { margin-top: 0; } }
a { color: var(--accent); }
button, input { font: inherit; }
button .en { color: inherit; }
.code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; letter-spacing: .05em; }
`;

function layout(c: Context, opts: { title: string; css: string; body: Html; script?: string; status?: 200 | 404 }) {
  const n = nonce();
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'${opts.script ? `; script-src 'nonce-${n}'` : ''}`,
  );
  c.header('Cache-Control', 'no-store');
  // The verify URL carries the signed certificate; it need not travel on to linked sites.
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Robots-Tag', 'noindex');
  c.header('X-Content-Type-Options', 'nosniff');
  return c.html(
    html`<!doctype html>
<html lang="lo">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${opts.title}</title>
<style>${raw(BASE_CSS)}${raw(opts.css)}</style>
</head>
<body>
${opts.body}
${opts.script ? html`<script nonce="${n}">${raw(opts.script)}</script>` : ''}
</body>
</html>`,
    opts.status ?? 200,
  );
}

const SHEET_CSS = `
@page { size: A4 landscape; margin: 0; }
.toolbar { display: flex; gap: 1rem; align-items: center; justify-content: center; padding: .75rem; flex-wrap: wrap; }
.toolbar button { padding: .5rem 1.25rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: .3rem; cursor: pointer; }
.notice { background: #fff3cd; border: 1px solid #c9a227; padding: .5rem 1rem; border-radius: .3rem; text-align: center; }
.sheet { width: 297mm; min-height: 210mm; margin: 0 auto 2rem; background: #fff; padding: 14mm 18mm 12mm;
  border: 3mm double var(--accent); outline: 1px solid #d8cbb0; outline-offset: -6mm; display: flex; flex-direction: column; }
.issuer { text-align: center; font-size: 11pt; letter-spacing: .02em; color: var(--muted); }
.title { text-align: center; margin: 4mm 0 2mm; }
.title .lo { font-size: 30pt; font-weight: 700; color: var(--accent); line-height: 1.8; display: block; }
.title .en { font-size: 14pt; text-transform: uppercase; letter-spacing: .2em; display: block; }
.lead { text-align: center; font-size: 12pt; margin: 2mm 0 0; }
.name { text-align: center; font-size: 26pt; font-weight: 700; margin: 1mm 0 2mm; line-height: 1.8; }
.course { text-align: center; margin: 0 0 4mm; }
.course .lo { font-size: 17pt; font-weight: 600; display: block; line-height: 1.8; }
.course .en { font-size: 12pt; display: block; }
.foot { margin-top: auto; display: flex; gap: 8mm; align-items: flex-end; justify-content: space-between; border-top: 1px solid #d8cbb0; padding-top: 4mm; }
.foot dl { margin: 0; font-size: 10.5pt; }
.qr { text-align: center; font-size: 9pt; width: 62mm; }
.qr svg { width: 58mm; height: 58mm; display: block; margin: 0 auto 1mm; }
.url { font-size: 7.5pt; color: var(--muted); overflow-wrap: anywhere; }
body { overflow-x: auto; }
@media print {
  body { background: #fff; }
  .toolbar { display: none; }
  .sheet { margin: 0; border-width: 3mm; width: 297mm; height: 210mm; min-height: 0; break-inside: avoid; overflow: hidden; }
  .notice { border: 1px solid #000; }
}
`;

function certificateSheet(p: CertificatePayload, verifyLink: string, expiredNotice: Html | ''): Html {
  const issued = new Date(p.iat * 1000);
  const expires = p.exp !== undefined ? new Date(p.exp * 1000) : null;
  return html`
<div class="toolbar"><button type="button" id="print">${both(T.print)}</button>${expiredNotice}</div>
<article class="sheet" aria-label="${T.certificate.lo} ${T.certificate.en}">
  <div class="issuer"><span lang="lo">${p.issuer.lo}</span><br><span lang="en">${p.issuer.en}</span></div>
  <h1 class="title"><span class="lo" lang="lo">${T.certificate.lo}</span><span class="en" lang="en">${T.certificate.en}</span></h1>
  <p class="lead">${both(T.certifies)}</p>
  <p class="name">${p.name}</p>
  <p class="lead">${both(T.completed)}</p>
  <p class="course"><span class="lo" lang="lo">${p.course.title.lo}</span><span class="en" lang="en">${p.course.title.en}</span></p>
  <div class="foot">
    <dl>
      <dt>${both(T.issued)}</dt><dd><span lang="lo">${formatDate(issued, 'lo')}</span> · <span lang="en">${formatDate(issued, 'en')}</span></dd>
      <dt>${both(T.validUntil)}</dt><dd>${expires ? html`<span lang="lo">${formatDate(expires, 'lo')}</span> · <span lang="en">${formatDate(expires, 'en')}</span>` : both(T.noExpiry)}</dd>
      <dt>${both(T.issuer)}</dt><dd><span lang="lo">${p.issuer.lo}</span> · <span lang="en">${p.issuer.en}</span></dd>
      <dt>${both(T.code)}</dt><dd class="code">${p.jti}</dd>
    </dl>
    <div class="qr">${raw(qrSvg(verifyLink, { label: `${T.scan.en}: ${p.jti}` }))}${both(T.scan)}<div class="url">${verifyLink.replace(/\?c=.*/, `/${p.jti}`)}</div></div>
  </div>
</article>`;
}

const VERIFY_CSS = `
.verdict { border-radius: .5rem; padding: 1rem 1.25rem; margin: 0 0 1rem; color: #fff; }
.verdict p { margin: 0; font-size: 1.35rem; font-weight: 700; }
.verdict .en { color: inherit; opacity: .9; font-size: 1rem; font-weight: 400; display: block; }
.verdict .why { font-size: 1rem; font-weight: 400; margin-top: .5rem; }
.s-valid { background: #1e6b34; }
.s-expired { background: #8a5a00; }
.s-revoked, .s-forged { background: #9b1c1c; }
.s-not-found { background: #555; }
form { display: flex; gap: .5rem; flex-wrap: wrap; margin: 1rem 0; }
input { padding: .5rem; min-width: 14rem; border: 1px solid #888; border-radius: .3rem; text-transform: uppercase; }
button { padding: .5rem 1.25rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: .3rem; }
.small { font-size: .85rem; color: var(--muted); overflow-wrap: anywhere; }
.problem { color: #9b1c1c; }
`;

const verdictIcon: Record<Verification['status'], string> = { valid: '✓', expired: '!', revoked: '✗', forged: '✗', 'not-found': '?' };

function verifyForm(value = '', problem = false): Html {
  return html`<form method="get" action="/verify" role="search">
  <label for="code">${both(T.code)}</label>
  <input id="code" name="code" class="code" value="${value}" autocomplete="off" autocapitalize="characters" spellcheck="false" required maxlength="20"${problem ? raw(' aria-invalid="true" aria-describedby="code-problem"') : ''}>
  <button type="submit">${both(T.verifyButton)}</button>
</form>${problem ? html`<p id="code-problem" class="problem">${both(T.badCode)}</p>` : ''}`;
}

function verdictPage<E extends Env>(c: Context<E>, v: Verification, shownId: string | undefined) {
  const p = v.status === 'forged' ? undefined : v.payload;
  const issued = p ? new Date(p.iat * 1000) : null;
  const expires = p?.exp !== undefined ? new Date(p.exp * 1000) : null;
  const status = STATUS[v.status];
  const body = html`<main>
<h1>${both(T.verifyTitle)}</h1>
<section class="verdict s-${v.status}" role="status" aria-live="polite" data-status="${v.status}">
  <p><span aria-hidden="true">${verdictIcon[v.status]}</span> <span lang="lo">${status.lo}</span><span class="en" lang="en">${status.en}</span></p>
  ${v.reason ? html`<div class="why">${both(REASON[v.reason])}</div>` : ''}
</section>
${
  p && issued
    ? html`<dl>
  <dt>${both(T.name)}</dt><dd>${p.name}</dd>
  <dt>${both(T.course)}</dt><dd><span lang="lo">${p.course.title.lo}</span><br><span class="en" lang="en">${p.course.title.en}</span></dd>
  <dt>${both(T.issued)}</dt><dd><span lang="lo">${formatDate(issued, 'lo')}</span> · <span lang="en">${formatDate(issued, 'en')}</span></dd>
  <dt>${v.status === 'expired' ? both(T.expiredOn) : both(T.validUntil)}</dt><dd>${
    expires ? html`<span lang="lo">${formatDate(expires, 'lo')}</span> · <span lang="en">${formatDate(expires, 'en')}</span>` : both(T.noExpiry)
  }</dd>
  <dt>${both(T.issuer)}</dt><dd><span lang="lo">${p.issuer.lo}</span> · <span lang="en">${p.issuer.en}</span></dd>
  <dt>${both(T.code)}</dt><dd class="code">${p.jti}</dd>
  ${
    v.revoked
      ? html`<dt>${both(T.revokedOn)}</dt><dd><span lang="lo">${formatDate(new Date(v.revoked.at), 'lo')}</span> · <span lang="en">${formatDate(new Date(v.revoked.at), 'en')}</span></dd>
  <dt>${both(T.reason)}</dt><dd>${v.revoked.reason}</dd>`
      : ''
  }
</dl>`
    : shownId
      ? html`<dl><dt>${both(T.code)}</dt><dd class="code">${shownId}</dd></dl>`
      : ''
}
${verifyForm()}
<p class="small">${both(T.offline)} <a href="/.well-known/jwks.json">/.well-known/jwks.json</a></p>
</main>`;
  return layout(c, { title: `${status.lo} · ${status.en}`, css: VERIFY_CSS, body, status: v.status === 'not-found' ? 404 : 200 });
}

const PRINT_SCRIPT = `document.getElementById('print').addEventListener('click', function () { window.print(); });`;

export const certificatePages = new Hono<Env>()
  // Public keys, for anyone checking a certificate offline; old keys stay after a rotation.
  .use('/.well-known/jwks.json', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'] }))
  .get('/.well-known/jwks.json', admits('anyone'), async (c) => {
    let current = null;
    try {
      current = await c.var.signingKey!();
    } catch {
      // No key configured: the keys that signed certificates are still published.
    }
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Content-Type', 'application/jwk-set+json');
    return c.body(JSON.stringify(await jwks(c.var.db, current)));
  })
  .get('/certificates/:id', admits('anyone'), async (c) => {
    const id = normaliseCertificateId(c.req.param('id'));
    if (!id) return verdictPage(c, { status: 'not-found' }, undefined);
    if (id !== c.req.param('id')) return c.redirect(`/certificates/${id}`, 301);
    const v = await verifyCertificate(c.var.db, c.var.clock(), { id });
    if (v.status === 'not-found' || v.status === 'forged' || v.status === 'revoked' || !v.payload) return verdictPage(c, v, id);
    const row = await c.var.db.selectFrom('certificates').select('jws').where('id', '=', id).executeTakeFirstOrThrow();
    const expiredNotice =
      v.status === 'expired' && v.payload.exp !== undefined
        ? html`<p class="notice">${both(T.expiredOn)} <span lang="lo">${formatDate(new Date(v.payload.exp * 1000), 'lo')}</span> · <span lang="en">${formatDate(new Date(v.payload.exp * 1000), 'en')}</span></p>`
        : '';
    const body = certificateSheet(v.payload, verifyUrl(c.var.settings.publicUrl, row.jws), expiredNotice);
    return layout(c, { title: `${T.certificate.lo} · ${v.payload.name} · ${v.payload.course.title.lo}`, css: SHEET_CSS, body, script: PRINT_SCRIPT });
  })
  .get('/verify', admits('anyone'), async (c) => {
    const jws = c.req.query('c');
    if (jws !== undefined && jws !== '') return verdictPage(c, await verifyCertificate(c.var.db, c.var.clock(), { jws: jws.trim() }), undefined);
    const code = c.req.query('code');
    if (code !== undefined) {
      const id = normaliseCertificateId(code);
      if (id) return c.redirect(`/verify/${id}`, 303);
      return layout(c, { title: `${T.verifyTitle.lo} · ${T.verifyTitle.en}`, css: VERIFY_CSS, body: html`<main><h1>${both(T.verifyTitle)}</h1><p>${both(T.verifyHelp)}</p>${verifyForm(code, true)}</main>` });
    }
    return layout(c, { title: `${T.verifyTitle.lo} · ${T.verifyTitle.en}`, css: VERIFY_CSS, body: html`<main><h1>${both(T.verifyTitle)}</h1><p>${both(T.verifyHelp)}</p>${verifyForm()}</main>` });
  })
  .get('/verify/:id', admits('anyone'), async (c) => {
    const raw = c.req.param('id');
    const id = normaliseCertificateId(raw);
    if (!id) return verdictPage(c, { status: 'not-found' }, undefined);
    if (id !== raw) return c.redirect(`/verify/${id}`, 301);
    return verdictPage(c, await verifyCertificate(c.var.db, c.var.clock(), { id }), id);
  });
