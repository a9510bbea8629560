import type { Hono } from "hono";
import { getPatient } from "../../services/access/patients";
import { getHospital } from "../../services/catalog/catalog";
import { ForbiddenError, NotFoundError } from "../../services/errors";
import { getQuote } from "../../services/quotes";
import { listTariffVersions } from "../../services/tariffs/index";
import { type WebContext, type WebEnv, webServiceContext } from "../env";
import type { MessageKey } from "../i18n/index";
import { departmentLabel, itemName } from "../public/labels";
import { browserCheckMessages } from "../public/verify";
import { LocalTime } from "../ui/components";
import { Layout } from "../ui/layout";
import { TableWrap } from "../ui/components";

type Quote = Awaited<ReturnType<typeof getQuote>>;

/** The patient's home zone, when the viewer may read the patient (hospital staff may not). */
async function homeZoneOf(c: WebContext, patientId: string): Promise<string | null> {
  try {
    return (await getPatient({ ctx: webServiceContext(c), input: { id: patientId } })).timeZone;
  } catch (err) {
    // Hospital staff may not read patients at all (403), others not this one (404): no home zone shown.
    if (err instanceof NotFoundError || err instanceof ForbiddenError) return null;
    throw err;
  }
}

function Lines({ c, q, versions }: { c: WebContext; q: Quote; versions: Map<number, string> }) {
  const { t, fmt, locale } = c.var.web;
  return (
    <>
      <h2 id="lines-title">{t("care.quote.lines")}</h2>
      <TableWrap label={t("care.quote.lines")}>
        <table class="quote-lines">
          <thead>
            <tr>
              <th scope="col">{t("care.quote.item")}</th>
              <th scope="col">{t("care.quote.code")}</th>
              <th scope="col" class="num">
                {t("care.quote.quantity")}
              </th>
              <th scope="col">{t("care.quote.date")}</th>
              <th scope="col" class="num">
                {t("care.quote.unitPrice")}
              </th>
              <th scope="col" class="num">
                {t("care.quote.lineTotal")}
              </th>
              <th scope="col">{t("care.quote.tariff")}</th>
            </tr>
          </thead>
          <tbody>
            {q.lines.map((l) => (
              <tr>
                <th scope="row">
                  {itemName(locale, l.name)}
                  <br />
                  <small>{`${departmentLabel(t, l.department)} · ${l.serviceClass}`}</small>
                </th>
                <td>
                  <code>{l.code}</code>
                </td>
                <td class="num">{fmt.number(l.quantity)}</td>
                <td>{fmt.date(l.serviceDate)}</td>
                <td class="num">
                  {fmt.money(l.unitPrice.amount, l.unitPrice.currency)}
                  {l.standardUnitPrice ? (
                    <>
                      <br />
                      <small>
                        {t("care.quote.standardPrice", {
                          price: fmt.money(l.standardUnitPrice.amount, l.standardUnitPrice.currency),
                        })}
                      </small>
                    </>
                  ) : null}
                </td>
                <td class="num">{fmt.money(l.lineTotal.amount, l.lineTotal.currency)}</td>
                <td>
                  {t("care.quote.tariffVersion", {
                    version: l.tariffVersion.version,
                    date: fmt.date(versions.get(l.tariffVersion.version) ?? l.serviceDate),
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

function Totals({ c, q }: { c: WebContext; q: Quote }) {
  const { t, fmt } = c.var.web;
  const { medical, medicalInPatientCurrency: mine } = q.totals;
  return (
    <dl class="facts totals">
      <dt>{t("care.quote.totalMedical")}</dt>
      <dd>
        <strong>{fmt.money(medical.amount, medical.currency)}</strong>
      </dd>
      {mine.currency !== medical.currency ? (
        <>
          <dt>{t("care.quote.totalPatient")}</dt>
          <dd>
            <strong>{fmt.money(mine.amount, mine.currency)}</strong>
            <br />
            <small>
              {t("care.quote.rate", {
                from: q.fx.from,
                to: q.fx.to,
                rate: q.fx.rate,
                source: q.fx.source,
                date: fmt.date(q.fx.asOf.slice(0, 10)),
              })}
            </small>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

function VerifyBox({ c, q }: { c: WebContext; q: Quote }) {
  const { t } = c.var.web;
  return (
    <section
      class="browser-check"
      aria-labelledby="verify-title"
      data-proof={JSON.stringify(q.parityAffirmation)}
      {...browserCheckMessages(c)}
    >
      <h2 id="verify-title">{t("care.quote.verify.title")}</h2>
      <p>{t("care.quote.verify.lead")}</p>
      <p class="actions">
        <button type="button" data-verify-button hidden>
          {t("care.quote.verify.button")}
        </button>
        <a href={`/quotes/${q.id}/proof.json`} download={`${q.id}-proof.json`}>
          {t("care.quote.verify.download")}
        </a>
      </p>
      <p class="verify-result" role="status" aria-live="polite" data-verify-result>
        <noscript>{t("public.verify.browser.noscript")}</noscript>
      </p>
      <p>
        <a href="/verify">{t("care.quote.verify.anyone")}</a>
      </p>
    </section>
  );
}

async function quotePage(c: WebContext) {
  const { t } = c.var.web;
  const ctx = webServiceContext(c);
  const q = await getQuote({ ctx, input: { id: c.req.param("id") ?? "" } });
  const [h, home, tariffs] = await Promise.all([
    getHospital({ ctx, input: { id: q.hospitalId } }),
    homeZoneOf(c, q.patientId),
    listTariffVersions({ ctx, input: { hospitalId: q.hospitalId } }),
  ]);
  // Each line's tariff version → the date it took effect (the public list of versions).
  const versions = new Map(tariffs.data.map((v) => [v.version, v.effectiveFrom]));
  return c.html(
    <Layout c={c} title={t("care.quote.title", { id: q.id })} styles={["care.css"]} scripts={["verify.js"]}>
      <p>
        <a href={`/hospitals/${h.id}`}>{h.name}</a>
        {q.consultationId ? (
          <>
            {" · "}
            <a href={`/consultations/${q.consultationId}`}>
              {t("care.quote.fromConsultation", { id: q.consultationId })}
            </a>
          </>
        ) : null}
      </p>
      <h1>{t("care.quote.title", { id: q.id })}</h1>
      <p>
        <strong class={`status-word tag tag-${q.status}`}>{t(`care.quote.status.${q.status}` as MessageKey)}</strong>
        {` · ${t("care.quote.revision", { revision: q.revision })}`}
      </p>
      <p>
        {`${t("care.quote.validUntil")} `}
        <LocalTime c={c} instant={q.validUntil} zone={h.zone} homeZone={home} />
      </p>
      {q.withdrawnReason ? <p>{t("care.quote.withdrawn", { reason: q.withdrawnReason })}</p> : null}
      <Lines c={c} q={q} versions={versions} />
      <Totals c={c} q={q} />
      <h2>{t("care.quote.notIncluded")}</h2>
      <ul>
        <li>{t("care.quote.notIncluded.travel")}</li>
        <li>{t("care.quote.notIncluded.extra")}</li>
        <li>{t("care.quote.notIncluded.personal")}</li>
      </ul>
      {q.status === "open" ? (
        <p>
          <a class="button" href={`/trips/new?quote=${encodeURIComponent(q.id)}`}>
            {t("care.quote.buildTrip")}
          </a>
        </p>
      ) : null}
      <VerifyBox c={c} q={q} />
    </Layout>,
  );
}

/** /quotes/{id}/proof.json: the quote's parity affirmation as GET /v1/quotes/{id} carries it, to check anywhere. */
async function proofFile(c: WebContext) {
  const q = await getQuote({ ctx: webServiceContext(c), input: { id: c.req.param("id") ?? "" } });
  c.header("Content-Disposition", `attachment; filename="${q.id}-proof.json"`);
  return c.json(q.parityAffirmation);
}

export function registerQuotePage(web: Hono<WebEnv>) {
  web.get("/quotes/:id/proof.json", proofFile);
  web.get("/quotes/:id", quotePage);
}
