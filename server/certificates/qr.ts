// A QR code as a compact inline SVG, made on the server with uqr (pure JS, so it runs on
// Workers too). One path of horizontal runs rather than a rect per module: a certificate's
// verification URL needs a version-23 code, which per-module rects would make ~120 KB (runs: ~45 KB).
// Not for deciding what the code carries (pages.ts).
import { encode } from 'uqr';

/**
 * An SVG of `text` as a QR code. ecc L keeps the module count down for the long signed URL;
 * a printed certificate is not expected to be torn. The SVG scales to its box (viewBox only).
 */
export function qrSvg(text: string, opts: { ecc?: 'L' | 'M' | 'Q' | 'H'; label?: string } = {}): string {
  const qr = encode(text, { ecc: opts.ecc ?? 'L', border: 4 });
  let d = '';
  qr.data.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      d += `M${start} ${y}h${x - start}v1h${start - x}z`;
    }
  });
  const label = opts.label ? ` role="img" aria-label="${opts.label.replace(/[&"<>]/g, (ch) => `&#${ch.charCodeAt(0)};`)}"` : ' aria-hidden="true"';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${qr.size} ${qr.size}" shape-rendering="crispEdges"${label}><rect width="${qr.size}" height="${qr.size}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`;
}
