import { describe, expect, it } from "vitest";
import { createPiiCipher, hashToken, sha256Hex } from "../../src/ports/crypto";
import { createNodeParitySigner, createNodePiiCipher } from "../../src/ports/crypto-node";
import { createParitySigner } from "../../src/ports/signer";

const KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const SEED = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
const te = new TextEncoder();

describe("node:crypto cipher and signer are interchangeable with the WebCrypto ones", () => {
  it("each decrypts what the other encrypted, and refuses a tampered text", async () => {
    const web = await createPiiCipher(KEY);
    const node = createNodePiiCipher(KEY);
    for (const plain of ["N12345678", "1989-04-12", "", "Ақмола 北京 ✈"]) {
      expect(await node.decrypt(await web.encrypt(plain))).toBe(plain);
      expect(await web.decrypt(await node.encrypt(plain))).toBe(plain);
    }
    const sealed = await node.encrypt("N12345678");
    const [v, iv, ct] = sealed.split(".");
    const flipped = `${v}.${iv}.${ct!.slice(0, 4)}${ct![4] === "A" ? "B" : "A"}${ct!.slice(5)}`;
    await expect(node.decrypt(flipped)).rejects.toThrow();
    await expect(web.decrypt(flipped)).rejects.toThrow();
    await expect(node.decrypt("v2.x.y")).rejects.toThrow(/format/);
    await expect(
      createNodePiiCipher(KEY).decrypt(
        await createNodePiiCipher("AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").encrypt("x"),
      ),
    ).rejects.toThrow();
  });

  it("bind associated data the same way, and compute the same blind index", async () => {
    const web = await createPiiCipher(KEY);
    const node = createNodePiiCipher(KEY);
    const aad = "idem\nusr_1\nkey-1";
    expect(await node.decrypt(await web.encrypt("secret", aad), aad)).toBe("secret");
    expect(await web.decrypt(await node.encrypt("secret", aad), aad)).toBe("secret");
    // Another place, or none, does not open it.
    for (const c of [web, node]) {
      await expect(c.decrypt(await node.encrypt("secret", aad), "idem\nusr_2\nkey-1")).rejects.toThrow();
      await expect(c.decrypt(await web.encrypt("secret", aad))).rejects.toThrow();
    }
    const index = await node.blindIndex("203.0.113.5");
    expect(index).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await web.blindIndex("203.0.113.5")).toBe(index);
    expect(await node.blindIndex("203.0.113.6")).not.toBe(index);
    expect(index).not.toBe(sha256Hex("203.0.113.5"));
    expect(
      await createNodePiiCipher("AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").blindIndex("203.0.113.5"),
    ).not.toBe(index);
  });

  it(
    "publishes the same key, signs identically (Ed25519 is deterministic) and " + "verifies the other's signatures",
    async () => {
      const web = await createParitySigner(SEED);
      const node = await createNodeParitySigner(SEED);
      expect(node.keyId).toBe(web.keyId);
      expect(node.publicJwk).toEqual(web.publicJwk);
      const payload = JSON.stringify({ quoteId: "quo_1", lines: [{ code: "CARD-CABG", unitPrice: 6800000 }] });
      const sig = await node.sign(payload);
      expect(sig).toBe(await web.sign(payload));
      expect(await web.verify(payload, sig)).toBe(true);
      expect(await node.verify(payload, sig)).toBe(true);
      expect(await node.verify(payload.replace("6800000", "6800001"), sig)).toBe(false);
      expect(await node.verify(payload, `${sig.slice(0, -2)}${sig.endsWith("A") ? "B" : "A"}A`)).toBe(false);
      // Characters a lenient base64url decoder would skip do not make a signature valid.
      expect(await node.verify(payload, `${sig}!`)).toBe(false);
      expect(await node.verify(payload, `${sig.slice(0, 10)}.${sig.slice(10)}`)).toBe(false);
      expect(await node.verify(payload, "")).toBe(false);
    },
  );

  it("hashes tokens and fingerprints as WebCrypto's SHA-256 does", async () => {
    for (const text of ["cvn_demo_admin", "", 'POST /v1/quotes\n{"a":1}', "ключ"]) {
      const d = new Uint8Array(await crypto.subtle.digest("SHA-256", te.encode(text)));
      expect(sha256Hex(text)).toBe(Array.from(d, (b) => b.toString(16).padStart(2, "0")).join(""));
      expect(hashToken(text)).toBe(
        btoa(String.fromCharCode(...d))
          .replace(/\+/g, "-")
          .replace(/\//g, "_")
          .replace(/=+$/, ""),
      );
    }
  });
});
