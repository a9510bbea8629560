/** Masks for personal data shown to anyone but its owner. */

/** `N12345678` → `*****5678`: the last four characters only. */
export function maskPassport(passport: string): string {
  const keep = passport.length > 4 ? 4 : Math.max(0, passport.length - 2);
  return "*".repeat(passport.length - keep) + passport.slice(passport.length - keep);
}

/** Birth dates are hidden entirely: `****-**-**`. */
export function maskBirthDate(_date: string): string {
  return "****-**-**";
}
