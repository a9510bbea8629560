const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case

/**
 * Ids with a type prefix (`hsp_…`, `pat_…`): 48 bits of time then 80 random bits,
 * so ids sort roughly by creation and never collide in practice.
 */
export function newId(prefix: string, now: Date = new Date()): string {
  let t = now.getTime();
  let time = "";
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const rnd = new Uint8Array(16);
  crypto.getRandomValues(rnd);
  let r = "";
  for (const b of rnd) r += ALPHABET[b % 32];
  return `${prefix}_${time}${r}`;
}
