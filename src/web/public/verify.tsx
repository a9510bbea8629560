import type { Hono } from "hono";
import { parityKeys, verifyAffirmation } from "../../services/parity/index";
import { type WebContext, type WebEnv, webServiceContext } from "../env";
import type { Translate } from "../i18n/index";
import { ErrorSummary, type FieldMessages, Form, fieldId } from "../ui/form";
import { Layout } from "../ui/layout";
import { TableWrap } from "../ui/components";
import { affirmedTotalHolds } from "../../domain/parity/affirmation";

/** What a proof file holds: a quote's `parityAffirmation` (or a whole quote carrying one). */
export interface Proof {
  algorithm?: string;
  keyId?: string;
  payload: string;
  signature: string;
}

type Verdict = Awaited<ReturnType<typeof verifyAffirmation>>;

/** The proof from pasted text, or null with the reason (in the page's language). */
export function parseProof(t: Translate, text: string): { proof: Proof } | { error: string } {
  if (!text.trim()) return { error: t("public.verify.error.empty") };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { error: t("public.verify.error.json") };
  }
  const o = (doc as { parityAffirmation?: unknown })?.parityAffirmation ?? doc;
  const p = o as Partial<Proof> | null;
  if (!p || typeof p.payload !== "string" || typeof p.signature !== "string" || p.signature.length > 200) {
    return { error: t("public.verify.error.shape") };
  }
  const keyId = typeof p.keyId === "string" ? p.keyId : undefined;
  return { proof: { algorithm: "Ed25519", keyId, payload: p.payload, signature: p.signature } };
}

/** The published key set and the messages of the in-browser check, handed to verify.js as data attributes. */
export function browserCheckMessages(c: WebContext) {
  const { t } = c.var.web;
  return {
    "data-keys": JSON.stringify(parityKeys({ ctx: webServiceContext(c) })),
    "data-msg-valid": t("public.verify.browser.valid"),
    "data-msg-invalid": t("public.verify.browser.invalid"),
    "data-msg-unknown-key": t("public.verify.browser.unknownKey"),
    "data-msg-unsupported": t("public.verify.browser.unsupported"),
    "data-msg-malformed": t("public.verify.error.shape"),
    "data-msg-checking": t("public.verify.browser.checking"),
  };
}

/** Each affirmed line beside the domestic price of the version it names, and whether it holds (word and colour). */
function LineChecks({ c, v }: { c: WebContext; v: Verdict }) {
  const { t, fmt } = c.var.web;
  const doc = v.document!;
  const checks = new Map(v.parity!.lines.map((l) => [l.lineNo, l]));
  return (
    <>
      <h3 id="line-checks">{t("verify.lines.title")}</h3>
      <TableWrap label={t("verify.lines.title")}>
        <table class="line-checks" aria-labelledby="line-checks">
          <thead>
            <tr>
              <th scope="col">{t("verify.lines.line")}</th>
              <th scope="col">{t("verify.lines.code")}</th>
              <th scope="col">{t("verify.lines.version")}</th>
              <th scope="col" class="num">
                {t("verify.lines.quoted")}
              </th>
              <th scope="col" class="num">
                {t("verify.lines.domestic")}
              </th>
              <th scope="col">{t("verify.lines.verdict")}</th>
            </tr>
          </thead>
          <tbody>
            {doc.lines.map((l) => {
              const check = checks.get(l.lineNo);
              const domestic = check?.domesticUnitPrice ?? null;
              return (
                <tr data-line={String(l.lineNo)}>
                  <th scope="row">{fmt.number(l.lineNo)}</th>
                  <td>
                    <code>{l.code}</code>
                  </td>
                  <td>{fmt.number(l.tariffVersion)}</td>
                  <td class="num">{fmt.money(l.unitPrice, doc.currency)}</td>
                  <td class="num">
                    {domestic === null ? t("verify.lines.unknown") : fmt.money(domestic, doc.currency)}
                  </td>
                  <td>
                    <strong class={check?.holds ? "tag tag-completed" : "tag tag-cancelled"}>
                      {check?.holds ? t("verify.lines.holds") : t("verify.lines.fails")}
                    </strong>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

function ServerVerdict({ c, v }: { c: WebContext; v: Verdict }) {
  const { t, fmt } = c.var.web;
  const doc = v.document;
  return (
    <section class={v.valid ? "verdict ok" : "verdict bad"} aria-labelledby="verdict-title">
      <h2 id="verdict-title">{v.valid ? t("public.verify.server.valid") : t("public.verify.server.invalid")}</h2>
      <ul>
        <li>{v.signatureValid ? t("public.verify.signatureHolds") : t("public.verify.signatureFails")}</li>
        {v.parity ? <li>{v.parity.holds ? t("public.verify.parityHolds") : t("public.verify.parityFails")}</li> : null}
        {doc ? <li>{affirmedTotalHolds(doc) ? t("verify.total.holds") : t("verify.total.fails")}</li> : null}
        {/* The verb's own reasons are English: marked so, for screen readers in another language. */}
        {v.reasons.map((r) => (
          <li lang="en">{r}</li>
        ))}
      </ul>
      {doc && v.parity ? <LineChecks c={c} v={v} /> : null}
      {doc ? (
        <p>
          {t("public.verify.document", {
            quote: doc.quoteId,
            revision: doc.revision,
            hospital: doc.hospitalId,
            total: fmt.money(doc.medicalTotal, doc.currency),
          })}
        </p>
      ) : null}
    </section>
  );
}

function verifyPage(c: WebContext, text: string, errors: FieldMessages, verdict: Verdict | null) {
  const { t } = c.var.web;
  const id = fieldId("proof");
  return c.html(
    <Layout c={c} title={t("public.verify.title")} styles={["care.css"]} scripts={["verify.js"]}>
      <h1>{t("public.verify.title")}</h1>
      <p class="lead">{t("public.verify.lead")}</p>
      <ErrorSummary c={c} errors={errors} />
      {verdict ? <ServerVerdict c={c} v={verdict} /> : null}
      <Form c={c} action="/verify" enctype="multipart/form-data" id="verify-form">
        <div class={errors.proof ? "field field-error" : "field"}>
          <label for={id}>{t("public.verify.proof")}</label>
          <p class="hint" id={`${id}-hint`}>
            {t("public.verify.proofHint")}
          </p>
          {errors.proof ? (
            <p class="error-message" id={`${id}-error`}>
              {errors.proof}
            </p>
          ) : null}
          <textarea
            id={id}
            name="proof"
            rows={8}
            spellcheck={false}
            aria-invalid={errors.proof ? "true" : undefined}
            aria-describedby={errors.proof ? `${id}-hint ${id}-error` : `${id}-hint`}
          >
            {text}
          </textarea>
        </div>
        <div class="field">
          <label for={fieldId("file")}>{t("public.verify.file")}</label>
          <input id={fieldId("file")} name="file" type="file" accept="application/json,.json" />
        </div>
        <button type="submit">{t("public.verify.submit")}</button>
      </Form>
      <section class="browser-check" data-verify-form={id} {...browserCheckMessages(c)}>
        <h2>{t("public.verify.browser.title")}</h2>
        <p>{t("public.verify.browser.lead")}</p>
        <button type="button" class="secondary" data-verify-button hidden>
          {t("public.verify.browser.button")}
        </button>
        <p class="verify-result" role="status" aria-live="polite" data-verify-result>
          <noscript>{t("public.verify.browser.noscript")}</noscript>
        </p>
      </section>
    </Layout>,
  );
}

async function readProofText(c: WebContext): Promise<string> {
  const form = await c.req.parseBody();
  const file = form.file;
  if (file instanceof File && file.size > 0) return (await file.text()).slice(0, 200_000);
  return typeof form.proof === "string" ? form.proof.slice(0, 200_000) : "";
}

/** /verify: paste or upload a proof; checked by the server's verify verb (POST) and in the browser (verify.js). */
export function registerVerifyPage(web: Hono<WebEnv>) {
  web.get("/verify", (c) => verifyPage(c, "", {}, null));
  web.post("/verify", async (c) => {
    const text = await readProofText(c);
    const parsed = parseProof(c.var.web.t, text);
    if ("error" in parsed) {
      c.status(400);
      return verifyPage(c, text, { proof: parsed.error }, null);
    }
    const verdict = await verifyAffirmation({ ctx: webServiceContext(c), input: parsed.proof });
    return verifyPage(c, text, {}, verdict);
  });
}
