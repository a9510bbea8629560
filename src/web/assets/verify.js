/**
 * "Verify this price" (served as /assets/verify.<hash>.js): checks a parity affirmation's Ed25519
 * signature in the browser with WebCrypto against the published key set the page carries
 * (data-keys, the same set as GET /v1/parity/keys). Nothing is sent anywhere. Two uses: a quote's
 * page (data-proof on the box) and /verify (the textarea named by data-verify-form).
 */
const te = new TextEncoder();

function fromBase64Url(s) {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error("not base64url");
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

/** The proof inside a pasted text: the affirmation itself, or a quote carrying one; null when neither. */
function proofOf(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  const p = doc && typeof doc === "object" && doc.parityAffirmation ? doc.parityAffirmation : doc;
  return p && typeof p.payload === "string" && typeof p.signature === "string" ? p : null;
}

/** "valid" | "invalid" | "unknown-key" | "unsupported" | "malformed" */
async function check(proof, keySet) {
  if (!proof) return "malformed";
  const keys = (keySet && keySet.keys) || [];
  const jwk = proof.keyId ? keys.find((k) => k.kid === proof.keyId) : keys[0];
  if (!jwk) return "unknown-key";
  if (!(globalThis.crypto && crypto.subtle)) return "unsupported";
  let key;
  try {
    key = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x }, { name: "Ed25519" }, false, [
      "verify",
    ]);
  } catch {
    return "unsupported";
  }
  let signature;
  try {
    signature = fromBase64Url(proof.signature);
  } catch {
    return "invalid";
  }
  const ok = await crypto.subtle.verify({ name: "Ed25519" }, key, signature, te.encode(proof.payload));
  return ok ? "valid" : "invalid";
}

const MESSAGE = {
  valid: "msgValid",
  invalid: "msgInvalid",
  "unknown-key": "msgUnknownKey",
  unsupported: "msgUnsupported",
  malformed: "msgMalformed",
};

async function run(box, text) {
  const out = box.querySelector("[data-verify-result]");
  out.textContent = box.dataset.msgChecking;
  let verdict;
  try {
    verdict = await check(proofOf(text), JSON.parse(box.dataset.keys || "{}"));
  } catch {
    verdict = "unsupported";
  }
  out.textContent = box.dataset[MESSAGE[verdict]];
  out.dataset.verdict = verdict;
  out.className = "verify-result " + (verdict === "valid" ? "ok" : "bad");
}

for (const box of document.querySelectorAll("[data-keys]")) {
  const button = box.querySelector("[data-verify-button]");
  const area = box.dataset.verifyForm ? document.getElementById(box.dataset.verifyForm) : null;
  const text = () => (area ? area.value : box.dataset.proof || "");
  button.hidden = false;
  button.addEventListener("click", () => run(box, text()));
  if (area) {
    // A chosen file is read into the text box, so both checks see the same proof.
    const file = area.form && area.form.querySelector('input[type="file"]');
    file?.addEventListener("change", async () => {
      const f = file.files && file.files[0];
      if (f) {
        area.value = await f.text();
        run(box, area.value);
      }
    });
    // The server's verdict is on the page: say what the browser finds too.
    if (area.value.trim()) run(box, area.value);
  }
}
