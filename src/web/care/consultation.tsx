import type { Hono } from "hono";
import { getPatient } from "../../services/access/patients";
import { getHospital } from "../../services/catalog/catalog";
import { getConsultation } from "../../services/consultations";
import { NotFoundError, ServiceError } from "../../services/errors";
import { createQuote } from "../../services/quotes";
import { priceFile } from "../../services/tariffs/index";
import { supportedCurrencies } from "../../domain/pricing/money";
import { type WebContext, type WebEnv, webServiceContext } from "../env";
import type { MessageKey } from "../i18n/index";
import { departmentLabel, itemName, languageName } from "../public/labels";
import { ErrorSummary, Field, type FieldMessages, Form, fieldMessages } from "../ui/form";
import { LocalTime } from "../ui/components";
import { Layout } from "../ui/layout";
import { SelectField } from "./fields";
import { TableWrap } from "../ui/components";

type Consultation = Awaited<ReturnType<typeof getConsultation>>;
type Hospital = Awaited<ReturnType<typeof getHospital>>;

/** The patient's home zone and currency, when the viewer may read the patient (clinicians may not). */
async function patientOf(c: WebContext, id: string) {
  try {
    return await getPatient({ ctx: webServiceContext(c), input: { id } });
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

export function Recommendation({
  c,
  con,
  zone,
  names,
}: {
  c: WebContext;
  con: Consultation;
  zone: string;
  names: Map<string, Record<string, string>>;
}) {
  const { t, fmt, locale } = c.var.web;
  const rec = con.recommendation;
  if (!rec) return <p>{t("care.rec.pending")}</p>;
  return (
    <>
      {con.recommendedAt ? <p>{t("care.rec.recordedAt", { when: fmt.dateTime(con.recommendedAt, zone) })}</p> : null}
      <TableWrap label={t("care.rec.title")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("care.rec.code")}</th>
              <th scope="col">{t("care.rec.class")}</th>
              <th scope="col" class="num">
                {t("care.rec.quantity")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rec.items.map((i) => (
              <tr>
                <th scope="row">
                  {itemName(locale, names.get(i.code) ?? { en: i.code })} <code>{i.code}</code>
                </th>
                <td>{i.serviceClass ?? "standard"}</td>
                <td class="num">{fmt.number(i.quantity)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <dl class="facts">
        {rec.admissionDate ? (
          <>
            <dt>{t("care.rec.admission")}</dt>
            <dd>{fmt.date(rec.admissionDate)}</dd>
          </>
        ) : null}
        <dt>{t("care.rec.nights")}</dt>
        <dd>{fmt.number(rec.inpatientNights)}</dd>
        <dt>{t("care.rec.fitToFly")}</dt>
        <dd>{fmt.number(rec.fitToFlyDays)}</dd>
        {rec.activityRestrictions.length ? (
          <>
            <dt>{t("care.rec.restrictions")}</dt>
            <dd>
              <ul>
                {rec.activityRestrictions.map((r) => (
                  <li>
                    {t("care.rec.restriction", {
                      activity: t(`care.activity.${r.activity}` as MessageKey),
                      days: r.days,
                    })}
                    {r.note ? ` — ${r.note}` : ""}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {rec.notes ? (
          <>
            <dt>{t("care.rec.notes")}</dt>
            <dd>{rec.notes}</dd>
          </>
        ) : null}
      </dl>
    </>
  );
}

/** "2027-03-09", a real calendar date (the API's IsoDate rule). */
function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

interface QuoteForm {
  serviceDate: string;
  currency: string;
}

function GetQuote({
  c,
  con,
  form,
  errors,
}: {
  c: WebContext;
  con: Consultation;
  form: QuoteForm;
  errors: FieldMessages;
}) {
  const { t } = c.var.web;
  return (
    <section aria-labelledby="get-quote">
      <h2 id="get-quote">{t("care.getQuote.title")}</h2>
      <p>{t("care.getQuote.lead")}</p>
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action={`/consultations/${con.id}/quote`}>
        <Field
          name="serviceDate"
          label={t("care.getQuote.serviceDate")}
          hint={t("care.getQuote.serviceDateHint")}
          type="date"
          value={form.serviceDate}
          error={errors.serviceDate}
        />
        <SelectField
          name="currency"
          label={t("care.getQuote.currency")}
          value={form.currency}
          options={supportedCurrencies().map((x) => [x, x])}
          error={errors.currency}
        />
        <button type="submit">{t("care.getQuote.submit")}</button>
      </Form>
    </section>
  );
}

/** Status, place, kind, language, price (free) and times, each time in the hospital's and the patient's zone. */
function Facts({ c, con, h, home }: { c: WebContext; con: Consultation; h: Hospital; home: string | null }) {
  const { t, fmt, locale } = c.var.web;
  return (
    <dl class="facts">
      <dt>{t("care.consultation.status")}</dt>
      <dd>
        <strong class={`status-word tag tag-${con.status}`}>{t(`care.status.${con.status}` as MessageKey)}</strong>
      </dd>
      <dt>{t("care.consultation.hospital")}</dt>
      <dd>
        <a href={`/hospitals/${h.id}`}>{h.name}</a>
      </dd>
      <dt>{t("care.consultation.department")}</dt>
      <dd>{departmentLabel(t, con.department)}</dd>
      <dt>{t("care.consultation.mode")}</dt>
      <dd>{t(`care.mode.${con.mode}` as MessageKey)}</dd>
      <dt>{t("care.consultation.language")}</dt>
      <dd>
        {languageName(locale, con.language)}
        {con.interpreterNeeded ? <p>{t("care.consultation.interpreter")}</p> : null}
      </dd>
      <dt>{t("care.consultation.price")}</dt>
      <dd class="free">{t("care.free", { price: fmt.money(con.price.amount, con.price.currency) })}</dd>
      <dt>{t("care.consultation.slot")}</dt>
      <dd>
        {con.slot ? (
          <>
            <LocalTime c={c} instant={con.slot.startsAt.utc} zone={h.zone} homeZone={home} />
            {` · ${t("care.consultation.duration", { minutes: con.slot.durationMinutes })}`}
          </>
        ) : (
          t("care.consultation.noSlot")
        )}
      </dd>
      {con.preferredTimes.length ? (
        <>
          <dt>{t("care.consultation.preferred")}</dt>
          <dd>
            <ul>
              {con.preferredTimes.map((p) => (
                <li>
                  <LocalTime c={c} instant={p.from} zone={h.zone} homeZone={home} />
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

async function consultationPage(c: WebContext, form: QuoteForm | null, errors: FieldMessages) {
  const { t, fmt } = c.var.web;
  const ctx = webServiceContext(c);
  const con = await getConsultation({ ctx, input: { id: c.req.param("id") ?? "" } });
  const [h, patient, prices] = await Promise.all([
    getHospital({ ctx, input: { id: con.hospitalId } }),
    patientOf(c, con.patientId),
    priceFile({ ctx, input: { hospitalId: con.hospitalId } }),
  ]);
  // The recommended codes' names, from the hospital's public price list.
  const names = new Map(prices.items.map((i) => [i.code, i.name]));
  const home = con.slot?.startsAt.patient.zone ?? patient?.timeZone ?? null;
  const quoteForm = form ?? {
    serviceDate: con.recommendation?.admissionDate ?? "",
    currency: patient?.currency ?? h.currency,
  };
  return c.html(
    <Layout c={c} title={t("care.consultation.title", { id: con.id })} styles={["care.css"]}>
      <h1>{t("care.consultation.title", { id: con.id })}</h1>
      <Facts c={c} con={con} h={h} home={home} />
      {con.cancelReason ? <p>{t("care.consultation.cancelReason", { reason: con.cancelReason })}</p> : null}
      <h2>{t("care.consultation.complaint")}</h2>
      <p class="typed">{con.complaint}</p>
      <h2>{t("care.consultation.records")}</h2>
      {con.records.length ? (
        <ul>
          {con.records.map((r) => (
            <li>
              {`${r.name} — ${t(`care.recordKind.${r.kind}` as MessageKey)}, `}
              {`${r.mediaType}, ${fmt.number(r.sizeBytes)} B`}
              {r.takenOn ? `, ${fmt.date(r.takenOn)}` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("care.consultation.noRecords")}</p>
      )}
      <h2>{t("care.rec.title")}</h2>
      <Recommendation c={c} con={con} zone={h.zone} names={names} />
      {con.status === "completed" && con.recommendation ? (
        <GetQuote c={c} con={con} form={quoteForm} errors={errors} />
      ) : null}
    </Layout>,
  );
}

/** /consultations/{id}: its status, slot in both zones, the recommendation, and "Get a quote" (→ 303 /quotes/{id}). */
export function registerConsultationPage(web: Hono<WebEnv>) {
  web.get("/consultations/:id", (c) => consultationPage(c, null, {}));
  web.post("/consultations/:id/quote", async (c) => {
    const body = await c.req.parseBody();
    const form = {
      serviceDate: typeof body.serviceDate === "string" ? body.serviceDate.trim() : "",
      currency: typeof body.currency === "string" ? body.currency : "",
    };
    if (form.serviceDate && !isCalendarDate(form.serviceDate)) {
      c.status(400);
      return consultationPage(c, form, { serviceDate: c.var.web.t("care.new.error.takenOn") });
    }
    try {
      const quote = await createQuote({
        ctx: webServiceContext(c),
        input: {
          consultationId: c.req.param("id"),
          serviceDate: form.serviceDate || undefined,
          currency: form.currency || undefined,
        },
      });
      return c.redirect(`/quotes/${quote.id}`, 303);
    } catch (err) {
      if (!(err instanceof ServiceError) || !err.errors?.length || err instanceof NotFoundError) throw err;
      c.status(422);
      return consultationPage(c, form, fieldMessages(err.errors, c.var.web.t));
    }
  });
}
