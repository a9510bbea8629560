import { createHash } from "node:crypto";

/**
 * Cryptography on WebCrypto (globalThis.crypto), so it runs on Node and on Workers alike; token
 * hashing uses node:crypto's synchronous SHA-256, which Workers provide too (nodejs_compat), since
 * it runs on every authenticated request. The Node entry swaps the cipher and signer for the
 * node:crypto ones in crypto-node.ts.
 */

const te = new TextEncoder();
const td = new TextDecoder();

export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function randomBytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  crypto.getRandomValues(b);
  return b;
}

/** A fresh bearer token: 256 random bits. Shown once, stored only as its hash. */
export function newToken(): string {
  return `cvn_${toBase64Url(randomBytes(32))}`;
}

/** Tokens carry 256 bits of entropy, so a plain SHA-256 is a sound way to store them. */
/** Hex SHA-256 of a text (request fingerprints). */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("base64url");
}

/** Encrypts personal data at rest with AES-256-GCM; the format is `v1.<iv>.<ciphertext+tag>`. */
export interface PiiCipher {
  /** `aad` (associated data) binds the text to its place: decrypting needs the same `aad`. */
  encrypt(plain: string, aad?: string): Promise<string>;
  decrypt(sealed: string, aad?: string): Promise<string>;
  /** A keyed hash (HMAC-SHA256 under a subkey of the key), base64url: looks data up without storing it. */
  blindIndex(text: string): Promise<string>;
}

/** Derives the blind-index subkey from the encryption key, so one key is never used for two jobs. */
export const BLIND_INDEX_LABEL = "caravan blind index v1";

export async function createPiiCipher(keyBase64: string): Promise<PiiCipher> {
  const raw = fromBase64(keyBase64);
  if (raw.length !== 32) throw new Error("encryption key must be 32 bytes");
  const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
  const hmac = { name: "HMAC", hash: "SHA-256" };
  const master = await crypto.subtle.importKey("raw", raw, hmac, false, ["sign"]);
  const subkey = await crypto.subtle.sign("HMAC", master, te.encode(BLIND_INDEX_LABEL));
  const indexKey = await crypto.subtle.importKey("raw", subkey, hmac, false, ["sign"]);
  const gcm = (iv: Uint8Array, aad?: string) =>
    aad === undefined ? { name: "AES-GCM", iv } : { name: "AES-GCM", iv, additionalData: te.encode(aad) };
  return {
    async encrypt(plain, aad) {
      const iv = randomBytes(12);
      const ct = await crypto.subtle.encrypt(gcm(iv, aad), key, te.encode(plain));
      return `v1.${toBase64(iv)}.${toBase64(new Uint8Array(ct))}`;
    },
    async decrypt(sealed, aad) {
      const [v, iv, ct] = sealed.split(".");
      if (v !== "v1" || !iv || !ct) throw new Error("unknown ciphertext format");
      const pt = await crypto.subtle.decrypt(gcm(fromBase64(iv), aad), key, fromBase64(ct));
      return td.decode(pt);
    },
    async blindIndex(text) {
      return toBase64Url(new Uint8Array(await crypto.subtle.sign("HMAC", indexKey, te.encode(text))));
    },
  };
}
