// Declares the self-hosted Lao subset of Noto Sans Lao (SIL OFL 1.1) once per document.
// @font-face does not work inside a shadow root, so it goes into document.head; the browser
// downloads a weight only when Lao text needs it. Not for Latin: that falls back to system fonts.

/** The hashed font files, relative to the built chunks; set by scripts/build-components.ts. */
declare const CHAMPA_FONTS: { w400: string; w700: string } | undefined;

/** The family the elements ask for first (see base.styles.ts). */
export const LAO_FAMILY = 'Champa Noto Sans Lao';

let done = false;

export function ensureFonts(): void {
  if (done) return;
  done = true;
  // Unbuilt sources (component tests) have no font files: the system fallback applies.
  const files = typeof CHAMPA_FONTS === 'undefined' ? undefined : CHAMPA_FONTS;
  if (!files || typeof document === 'undefined') return;
  const face = (file: string, weight: number) =>
    `@font-face{font-family:"${LAO_FAMILY}";font-style:normal;font-weight:${weight};font-display:swap;` +
    `src:url(${JSON.stringify(new URL(file, import.meta.url).href)}) format("woff2");` +
    'unicode-range:U+0E81-0EDF,U+200C-200D,U+25CC}';
  const style = document.createElement('style');
  style.dataset.champaFonts = '';
  style.textContent = face(files.w400, 400) + face(files.w700, 700);
  document.head.append(style);
}
