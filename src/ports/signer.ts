import { fromBase64 } from "./crypto";

/**
 * Ed25519 signatures for parity affirmations, on WebCrypto (Node and Workers).
 * The key comes from configuration as a 32-byte seed; the public key is published
 * as a JWK so anyone can verify offline with any Ed25519 implementation.
 */
export interface ParitySigner {
  keyId: string;
  publicJwk: { kty: "OKP"; crv: "Ed25519"; x: string; kid: string; alg: "EdDSA"; use: "sig" };
  /** base64url signature over the UTF-8 bytes of `payload`. */
  sign(payload: string): Promise<string>;
  verify(payload: string, signature: string): Promise<boolean>;
}

const te = new TextEncoder();
// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): SEQUENCE { version 0, AlgorithmIdentifier 1.3.101.112, OCTET STRING
// { OCTET STRING seed } }
const PKCS8_PREFIX = new Uint8Array([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

export function base64UrlEncode(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function base64UrlDecode(s: string): Uint8Array {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export async function createParitySigner(seedBase64: string): Promise<ParitySigner> {
  const seed = fromBase64(seedBase64);
  if (seed.length !== 32) throw new Error("signing key must be 32 bytes");
  const pkcs8 = new Uint8Array(PKCS8_PREFIX.length + 32);
  pkcs8.set(PKCS8_PREFIX);
  pkcs8.set(seed, PKCS8_PREFIX.length);
  const privateKey = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, true, ["sign"]);
  const jwk = (await crypto.subtle.exportKey("jwk", privateKey)) as { x?: string };
  const x = jwk.x!;
  const publicKey = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x }, { name: "Ed25519" }, true, [
    "verify",
  ]);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", base64UrlDecode(x)));
  const keyId = `ed25519-${base64UrlEncode(digest).slice(0, 16)}`;
  return {
    keyId,
    publicJwk: { kty: "OKP", crv: "Ed25519", x, kid: keyId, alg: "EdDSA", use: "sig" },
    async sign(payload) {
      const sig = await crypto.subtle.sign({ name: "Ed25519" }, privateKey, te.encode(payload));
      return base64UrlEncode(new Uint8Array(sig));
    },
    async verify(payload, signature) {
      try {
        return await crypto.subtle.verify(
          { name: "Ed25519" },
          publicKey,
          base64UrlDecode(signature),
          te.encode(payload),
        );
      } catch {
        return false;
      }
    },
  };
}
