import * as catalog from "../../data/catalog-repo";
import * as consultations from "../../data/consultations-repo";
import { ratesUpTo } from "../../data/fx-repo";
import { newId } from "../../data/ids";
import { enqueueNotification } from "../../data/notifications-repo";
import * as patients from "../../data/patients-repo";
import * as repo from "../../data/quotes-repo";
import type { HospitalRow, PatientRow, QuoteRow } from "../../data/schema";
import { foreignDepartmentCodes, loadTariffVersionsInForce } from "../../data/tariffs-repo";
import { withUnitOfWork } from "../../data/unit-of-work";
import { type ResolvedRate, resolveRate } from "../../domain/pricing/fx";
import {
  DEFAULT_SERVICE_CLASS,
  type MedicalLineRequest,
  type PricedMedicalLine,
  priceMedicalLines,
} from "../../domain/pricing/medical";
import { isSupportedCurrency } from "../../domain/pricing/money";
import { localDate } from "../../domain/time/local-time";
import type { Actor, ServiceContext } from "../context";
import { businessRule, conflict, notFound, validationError } from "../errors";
import { actsForPatient, isStaffOf, patientIdFor } from "../scope";
import { requireQuoteRole } from "./policy";
import { fxJson, LineOverflow, lineRows, medicalTotals, QUOTE_VALID_DAYS, sign } from "./pricing";
import type { CreateQuoteInput, QuoteItemInput } from "./schemas";
import { quoteView } from "./view";

interface RecommendationItem {
  code: string;
  quantity: number;
  department?: string;
  serviceClass?: string;
}

/** What a quote is for, from a consultation's recommendation or from a hospital and items. */
interface QuoteSource {
  hospitalId: string;
  patientId: string;
  consultationId: string | null;
  items: QuoteItemInput[];
  serviceDate: string | undefined;
}

async function fromConsultation(ctx: ServiceContext, actor: Actor, input: CreateQuoteInput): Promise<QuoteSource> {
  if (input.items || input.hospitalId || input.patientId) {
    throw validationError("A quote comes from a consultation or from hospital + items, not both.", [
      { path: "body.consultationId", message: "give either consultationId, or hospitalId + items" },
    ]);
  }
  const id = input.consultationId!;
  const c = await consultations.findConsultation(ctx.db, id);
  const visible =
    c &&
    (actsForPatient(actor, { id: c.patient_id, agencyId: c.patient_agency_id }) ||
      isStaffOf(actor, c.hospital_id, ["clinician"]));
  if (!c || !visible) throw notFound("consultation", id);
  if (c.status !== "completed" || !c.recommendation) {
    throw conflict(`Consultation ${c.id} has no recommendation yet (status ${c.status}).`, "no_recommendation");
  }
  const rec = JSON.parse(c.recommendation) as { items: RecommendationItem[]; admissionDate?: string | null };
  // A premium class is never selected for the patient: a recommended one is kept only when the patient
  // names it; otherwise the line is quoted in the standard class (its department follows the code).
  const items = rec.items.map((i) =>
    i.serviceClass === undefined || i.serviceClass === DEFAULT_SERVICE_CLASS || i.serviceClass === input.premiumClass
      ? { ...i }
      : { code: i.code, quantity: i.quantity },
  );
  const serviceDate = input.serviceDate ?? rec.admissionDate ?? undefined;
  return { hospitalId: c.hospital_id, patientId: c.patient_id, consultationId: c.id, items, serviceDate };
}

function fromItems(actor: Actor, input: CreateQuoteInput): QuoteSource {
  if (input.premiumClass !== undefined) {
    throw validationError(
      "premiumClass applies to a consultation's recommendation; with items, name the class on each item.",
      [{ path: "body.premiumClass", message: "only with consultationId" }],
    );
  }
  if (!input.hospitalId || !input.items) {
    throw validationError("Give a consultationId, or a hospitalId and items.", [
      ...(input.hospitalId ? [] : [{ path: "body.hospitalId", message: "required without consultationId" }]),
      ...(input.items ? [] : [{ path: "body.items", message: "required without consultationId" }]),
    ]);
  }
  const refusal = "Hospital staff create quotes from a consultation's recommendation.";
  const patientId = patientIdFor(actor, input.patientId, refusal);
  return {
    hospitalId: input.hospitalId,
    patientId,
    consultationId: null,
    items: input.items,
    serviceDate: input.serviceDate,
  };
}

interface Parties {
  hospital: HospitalRow;
  patient: PatientRow;
  serviceDate: string;
  patientCurrency: string;
}

/** The hospital and patient, checked: visible to the actor, one currency for medical fees, a service date. */
async function loadParties(
  ctx: ServiceContext,
  actor: Actor,
  src: QuoteSource,
  input: CreateQuoteInput,
): Promise<Parties> {
  const [hospital, patient] = await Promise.all([
    catalog.getHospital(ctx.db, src.hospitalId),
    patients.findPatient(ctx.db, src.patientId),
  ]);
  if (!hospital)
    throw validationError("Unknown hospital.", [
      { path: "body.hospitalId", message: `unknown hospital '${src.hospitalId}'` },
    ]);
  const mayQuote =
    patient &&
    (actsForPatient(actor, { id: patient.id, agencyId: patient.agency_id }) ||
      isStaffOf(actor, hospital.id, ["clinician"]));
  if (!patient || !mayQuote) throw notFound("patient", src.patientId);
  if (input.hospitalCurrency !== undefined && input.hospitalCurrency !== hospital.currency) {
    throw businessRule(
      "parity_violation",
      `Medical fees are priced in the hospital's currency (${hospital.currency}) only.`,
      [{ path: "body.hospitalCurrency", message: `must be ${hospital.currency} or omitted` }],
    );
  }
  if (!src.serviceDate) {
    throw validationError("A service date (planned admission, hospital-local) is required.", [
      { path: "body.serviceDate", message: "required" },
    ]);
  }
  const patientCurrency = input.currency ?? patient.currency;
  if (!isSupportedCurrency(patientCurrency)) {
    throw validationError("Unsupported currency.", [
      { path: "body.currency", message: `unsupported currency '${patientCurrency}'` },
    ]);
  }
  return { hospital, patient, serviceDate: src.serviceDate, patientCurrency };
}

/** A quote is for care still to come: a service date before today (hospital-local, by the clock) is refused. */
function refusePastDates(serviceDate: string, items: QuoteItemInput[], today: string, zone: string): void {
  const past: { path: string; message: string }[] = [];
  if (serviceDate < today)
    past.push({ path: "body.serviceDate", message: `${serviceDate} is before today (${today}, ${zone})` });
  items.forEach((item, i) => {
    if (typeof item.serviceDate === "string" && item.serviceDate < today) {
      past.push({
        path: `body.items.${i}.serviceDate`,
        message: `line ${i + 1}: ${item.serviceDate} is before today (${today}, ${zone})`,
      });
    }
  });
  if (past.length > 0) {
    throw businessRule(
      "service_date_in_past",
      `A quote is for care still to come: service dates must be ${today} or later.`,
      past,
    );
  }
}

/** Every line priced from the domestic tariff in force on its date; any violation is a 422 naming its line. */
async function priceLines(ctx: ServiceContext, hospital: HospitalRow, items: QuoteItemInput[], serviceDate: string) {
  const requests: MedicalLineRequest[] = items.map((i) => ({
    code: i.code,
    quantity: i.quantity,
    serviceDate: i.serviceDate ?? serviceDate,
    department: i.department,
    serviceClass: i.serviceClass,
    unitPrice: i.unitPrice,
    currency: i.currency,
  }));
  const dates = requests.map((r) => r.serviceDate).filter((d) => typeof d === "string");
  const [versions, foreignDepartments] = await Promise.all([
    loadTariffVersionsInForce(ctx.db, hospital.id, dates),
    foreignDepartmentCodes(ctx.db, hospital.id),
  ]);
  const { lines, violations } = priceMedicalLines(requests, versions, { foreignDepartments });
  if (violations.length > 0) {
    // Each message already names its line.
    const overflowOnly = violations.every((v) => v.code === "amount_overflow");
    const messages = violations.map((v) => v.message).join("; ");
    throw businessRule(
      overflowOnly ? "amount_overflow" : "parity_violation",
      overflowOnly
        ? `Some lines are too large to price: ${messages}.`
        : `Medical lines are priced only from ${hospital.name}'s domestic tariff: ${messages}.`,
      violations.map((v) => ({ path: `body.items.${v.lineNo - 1}.${v.field}`, message: `${v.code}: ${v.message}` })),
    );
  }
  return lines;
}

/** The rate to the patient's currency and the medical totals in both currencies. */
async function convertTotals(ctx: ServiceContext, p: Parties, lines: PricedMedicalLine[], today: string) {
  const from = p.hospital.currency;
  const to = p.patientCurrency;
  const rate: ResolvedRate | undefined = resolveRate(await ratesUpTo(ctx.db, today), from, to, today);
  if (!rate) {
    throw businessRule("fx_unavailable", `No exchange rate ${from}→${to} is available.`, [
      { path: "body.currency", message: `no rate ${from}→${to}` },
    ]);
  }
  try {
    return { rate, totals: medicalTotals(lines, from, rate) };
  } catch (err) {
    if (!(err instanceof LineOverflow)) throw err;
    throw businessRule("amount_overflow", `The quote is too large to price: ${err.message}.`, [
      { path: `body.items.${err.lineNo - 1}`, message: `amount_overflow: ${err.message}` },
    ]);
  }
}

/**
 * A treatment quote from a consultation's recommendation, or from a hospital and items.
 * Every medical line is priced by the pricing module from the domestic tariff; any attempt to
 * set or bend a price is a 422 naming the line, and nothing is stored.
 */
export async function createQuote({ ctx, input }: { ctx: ServiceContext; input: CreateQuoteInput }) {
  const actor = requireQuoteRole(ctx, "create");
  const now = ctx.clock.now();
  const src = input.consultationId ? await fromConsultation(ctx, actor, input) : fromItems(actor, input);
  const parties = await loadParties(ctx, actor, src, input);
  const { hospital, patient, serviceDate, patientCurrency } = parties;
  const today = localDate(now, hospital.zone);
  refusePastDates(serviceDate, src.items, today, hospital.zone);
  const lines = await priceLines(ctx, hospital, src.items, serviceDate);
  const { rate, totals } = await convertTotals(ctx, parties, lines, today);

  const id = newId("quo", now);
  const createdAt = now.toISOString();
  const affirmation = await sign(ctx, {
    quoteId: id,
    revision: 1,
    hospitalId: hospital.id,
    currency: hospital.currency,
    issuedAt: createdAt,
    lines,
  });
  const row: QuoteRow = {
    id,
    patient_id: patient.id,
    hospital_id: hospital.id,
    consultation_id: src.consultationId,
    status: "open",
    revision: 1,
    service_date: serviceDate,
    hospital_currency: hospital.currency,
    patient_currency: patientCurrency,
    medical_total: totals.medical,
    medical_total_patient: totals.patient,
    fx: fxJson(rate),
    valid_until: new Date(now.getTime() + QUOTE_VALID_DAYS * 86_400_000).toISOString(),
    affirmation_payload: affirmation.payload,
    affirmation_signature: affirmation.signature,
    affirmation_key_id: affirmation.keyId,
    withdrawn_reason: null,
    created_by: actor.userId,
    created_at: createdAt,
    updated_at: createdAt,
  };
  const rows = lineRows(id, hospital.id, lines);
  await withUnitOfWork(ctx.db, async (trx) => {
    await repo.insertQuote(trx, row, rows);
    await enqueueNotification(trx, {
      userId: patient.user_id,
      kind: "quote_ready",
      language: patient.language,
      subjectId: id,
      payload: {
        quoteId: id,
        hospitalId: hospital.id,
        medicalTotal: { amount: totals.medical, currency: hospital.currency },
        medicalTotalInPatientCurrency: { amount: totals.patient, currency: patientCurrency },
      },
      now,
    });
  });
  // What was just stored, as findQuote would read it back.
  return quoteView(ctx, {
    ...row,
    patient_agency_id: patient.agency_id,
    patient_user_id: patient.user_id,
    patient_language: patient.language,
    lines: rows,
  });
}
