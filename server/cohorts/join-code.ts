// Join codes: what a participant types or scans to join a cohort. 6 characters from an
// alphabet without look-alikes, random from the platform's CSPRNG. Not for secrecy on its
// own: a code is shown on a projector, so guessing is stopped by rate limits on /api/join.

/** Digits and capitals without the look-alikes 0/O and 1/I/L. */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const JOIN_CODE_LENGTH = 6;
/** 31^6 ≈ 887 million codes: at 30 failed guesses per address per 15 minutes, hopeless to sweep. */
export const JOIN_CODE_RE = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

/** A fresh random code. Rejection sampling keeps every symbol equally likely. */
export function newJoinCode(): string {
  const n = JOIN_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let out = '';
  while (out.length < JOIN_CODE_LENGTH) {
    for (const b of crypto.getRandomValues(new Uint8Array(16))) {
      if (b < limit && out.length < JOIN_CODE_LENGTH) out += JOIN_CODE_ALPHABET[b % n];
    }
  }
  return out;
}

const LAO_DIGITS = '໐໑໒໓໔໕໖໗໘໙';

/**
 * What a participant typed, as a code: upper case, without spaces or hyphens, Lao digits
 * (a phone left on the Lao keyboard) as ASCII. Null when it cannot be a code.
 */
export function normaliseJoinCode(typed: string): string | null {
  let s = '';
  for (const ch of typed.normalize('NFKC')) {
    const lao = LAO_DIGITS.indexOf(ch);
    s += lao >= 0 ? String(lao) : ch;
  }
  s = s.replace(/[\s-]+/g, '').toUpperCase();
  return JOIN_CODE_RE.test(s) ? s : null;
}

/** The URL a QR code and a trainer's slide show: opens the join page with the code filled in. */
export function joinUrl(publicUrl: string, code: string): string {
  return `${publicUrl}/join?code=${code}`;
}
