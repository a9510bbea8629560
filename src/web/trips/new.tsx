import { createItinerary, type TravelerInput } from "../../services/itineraries/index";
import { getHospital } from "../../services/catalog/catalog";
import { getQuote } from "../../services/quotes";
import { ServiceError, ValidationError } from "../../services/errors";
import { refusalString } from "../refusals";
import { requireActor } from "../../services/scope";
import { type WebContext, webServiceContext } from "../env";
import { notFoundPage } from "../errors";
import { ErrorSummary, Field, type FieldMessages, fieldMessages, Form } from "../ui/form";
import { Layout } from "../ui/layout";
import { text } from "./shared";

/** The form that starts a trip from a quote: who travels (the patient, and a companion if any). */
async function newTripForm(c: WebContext, quoteId: string, values: Record<string, string>, errors: FieldMessages = {}) {
  const { t, fmt } = c.var.web;
  const ctx = webServiceContext(c);
  const quote = await getQuote({ ctx, input: { id: quoteId } });
  const hospital = await getHospital({ ctx, input: { id: quote.hospitalId } });
  const medical = quote.totals.medical;
  c.status(Object.keys(errors).length ? 400 : 200);
  return c.html(
    <Layout c={c} title={t("trips.new.title")}>
      <h1>{t("trips.new.title")}</h1>
      <p>{t("trips.new.lead", { hospital: hospital.name })}</p>
      <p>{t("trips.new.medical", { amount: fmt.money(medical.amount, medical.currency) })}</p>
      <ErrorSummary c={c} errors={errors} />
      <Form c={c} action="/trips/new">
        <input type="hidden" name="quoteId" value={quoteId} />
        <Field
          name="travelers[0].fullName"
          label={t("trips.new.patientName")}
          value={values["travelers[0].fullName"]}
          error={errors["travelers[0].fullName"] ?? errors.travelers ?? errors.quoteId}
          autocomplete="name"
          required
        />
        <Field
          name="travelers[1].fullName"
          label={t("trips.new.companionName")}
          hint={t("trips.new.companionHint")}
          value={values["travelers[1].fullName"]}
          error={errors["travelers[1].fullName"]}
        />
        <button type="submit" class="primary">
          {t("trips.new.submit")}
        </button>
      </Form>
    </Layout>,
  );
}

export async function newTripPage(c: WebContext) {
  const actor = requireActor(webServiceContext(c));
  const quoteId = c.req.query("quote");
  if (!quoteId) return notFoundPage(c);
  return newTripForm(c, quoteId, { "travelers[0].fullName": actor.displayName });
}

/** Creates the draft from the quote (the same verb as POST /v1/itineraries) with its consultation and treatment. */
export async function createTripAction(c: WebContext) {
  const ctx = webServiceContext(c);
  const body = await c.req.parseBody();
  const quoteId = text(body, "quoteId") ?? "";
  const values = {
    "travelers[0].fullName": text(body, "travelers[0].fullName") ?? "",
    "travelers[1].fullName": text(body, "travelers[1].fullName") ?? "",
  };
  if (!values["travelers[0].fullName"])
    return newTripForm(c, quoteId, values, { "travelers[0].fullName": c.var.web.t("form.required") });
  const quote = await getQuote({ ctx, input: { id: quoteId } });
  const travelers: TravelerInput[] = [{ fullName: values["travelers[0].fullName"], role: "patient" }];
  if (values["travelers[1].fullName"]) travelers.push({ fullName: values["travelers[1].fullName"], role: "companion" });
  const components = [
    ...(quote.consultationId ? [{ type: "consultation" as const, consultationId: quote.consultationId }] : []),
    { type: "treatment" as const },
  ];
  let id: string;
  try {
    id = (await createItinerary({ ctx, input: { quoteId, travelers, components } })).id;
  } catch (err) {
    if (!(err instanceof ValidationError) && !(err instanceof ServiceError && err.errors)) throw err;
    const errors = fieldMessages(err.errors, c.var.web.t);
    return newTripForm(
      c,
      quoteId,
      values,
      Object.keys(errors).length ? errors : { quoteId: refusalString(c.var.web.t, err) },
    );
  }
  return c.redirect(`/trips/${id}?done=created`, 303);
}
