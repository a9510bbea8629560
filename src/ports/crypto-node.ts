import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign,
  verify,
} from "node:crypto";
import { createParitySigner, type ParitySigner } from "./signer";
import type { PiiCipher } from "./crypto";
import { BLIND_INDEX_LABEL, fromBase64 } from "./crypto";

/**
 * The same cipher and signer as the WebCrypto ones in crypto.ts and signer.ts (same formats,
 * same key id, interchangeable: a test encrypts and signs with one and reads with the other),
 * on node:crypto. WebCrypto's promises cross to libuv's thread pool for every call; node:crypto
 * does the same work synchronously on the calling thread, for a third of the CPU. The Node
 * entry uses these; Workers keep the WebCrypto ones.
 */

const TAG_BYTES = 16;

export function createNodePiiCipher(keyBase64: string): PiiCipher {
  const key = Buffer.from(fromBase64(keyBase64));
  if (key.length !== 32) throw new Error("encryption key must be 32 bytes");
  const indexKey = createHmac("sha256", key).update(BLIND_INDEX_LABEL, "utf8").digest();
  return {
    async encrypt(plain, aad) {
      const iv = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", key, iv);
      if (aad !== undefined) c.setAAD(Buffer.from(aad, "utf8"));
      const sealed = Buffer.concat([c.update(plain, "utf8"), c.final(), c.getAuthTag()]);
      return `v1.${iv.toString("base64")}.${sealed.toString("base64")}`;
    },
    async decrypt(sealed, aad) {
      const [v, iv, ct] = sealed.split(".");
      if (v !== "v1" || !iv || !ct) throw new Error("unknown ciphertext format");
      const bytes = Buffer.from(ct, "base64");
      if (bytes.length < TAG_BYTES) throw new Error("ciphertext too short");
      const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
      if (aad !== undefined) d.setAAD(Buffer.from(aad, "utf8"));
      d.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([d.update(bytes.subarray(0, bytes.length - TAG_BYTES)), d.final()]).toString("utf8");
    },
    async blindIndex(text) {
      return createHmac("sha256", indexKey).update(text, "utf8").digest("base64url");
    },
  };
}

export async function createNodeParitySigner(seedBase64: string): Promise<ParitySigner> {
  // The key id and public JWK come from the WebCrypto signer, so both publish exactly the same.
  const web = await createParitySigner(seedBase64);
  const privateKey = createPrivateKey({
    key: {
      kty: "OKP",
      crv: "Ed25519",
      x: web.publicJwk.x,
      d: Buffer.from(fromBase64(seedBase64)).toString("base64url"),
    },
    format: "jwk",
  });
  const publicKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: web.publicJwk.x }, format: "jwk" });
  return {
    keyId: web.keyId,
    publicJwk: web.publicJwk,
    async sign(payload) {
      return sign(null, Buffer.from(payload, "utf8"), privateKey).toString("base64url");
    },
    async verify(payload, signature) {
      // Buffer's base64url decoder skips characters it does not know; accept the canonical text only.
      const bytes = Buffer.from(signature, "base64url");
      if (bytes.toString("base64url") !== signature) return false;
      try {
        return verify(null, Buffer.from(payload, "utf8"), publicKey, bytes);
      } catch {
        return false;
      }
    },
  };
}
