import type { Transaction } from "kysely";
import * as catalog from "../../data/catalog-repo";
import * as consultations from "../../data/consultations-repo";
import { ratesUpTo } from "../../data/fx-repo";
import { newId } from "../../data/ids";
import { enqueueNotification } from "../../data/notifications-repo";
import { decodeCursor, paginate } from "../../data/pagination";
import * as patients from "../../data/patients-repo";
import * as repo from "../../data/quotes-repo";
import type { Database, QuoteLineRow, QuoteRow } from "../../data/schema";
import { foreignDepartmentCodes, loadTariffVersionsInForce } from "../../data/tariffs-repo";
import { affirmationDocument, serializeAffirmation } from "../../domain/parity/affirmation";
import { convert, type ResolvedRate, resolveRate } from "../../domain/pricing/fx";
import {
  DEFAULT_SERVICE_CLASS,
  type MedicalLineRequest,
  type PricedMedicalLine,
  priceMedicalLines,
} from "../../domain/pricing/medical";
import { isSupportedCurrency, PricingError } from "../../domain/pricing/money";
import type { TariffVersion } from "../../domain/pricing/tariff";
import { localDate } from "../../domain/time/local-time";
import type { ServiceContext } from "../context";
import { businessRule, conflict, notFound, validationError } from "../errors";
import { actsForPatient, isStaffOf, patientIdFor, requireActor } from "../scope";
import { withUnitOfWork } from "../../data/unit-of-work";

/** How long a quote's prices are guaranteed before it must be refreshed. */
export const QUOTE_VALID_DAYS = 14;

export interface QuoteItemInput {
  code: string;
  quantity: number;
  department?: string;
  serviceClass?: string;
  serviceDate?: string;
  /** Never allowed: present only so an attempt is answered with a 422 naming the line. */
  unitPrice?: unknown;
  currency?: unknown;
}

export interface CreateQuoteInput {
  consultationId?: string;
  hospitalId?: string;
  patientId?: string;
  serviceDate?: string;
  items?: QuoteItemInput[];
  currency?: string;
  /** Never allowed to differ from the hospital's currency. */
  hospitalCurrency?: string;
  /** With a consultation: the premium class the patient asks for by name; the recommendation's items in that class keep it. */
  premiumClass?: string;
}

interface RecommendationItem {
  code: string;
  quantity: number;
  department?: string;
  serviceClass?: string;
}

type Scope = {
  id: string;
  patient_id: string;
  hospital_id: string;
  patient_agency_id: string | null;
  status: string;
  valid_until: string;
};

function canSeeQuote(ctx: ServiceContext, q: Scope): boolean {
  const actor = requireActor(ctx);
  return actsForPatient(actor, { id: q.patient_id, agencyId: q.patient_agency_id }) || isStaffOf(actor, q.hospital_id);
}

function lineRows(quoteId: string, hospitalId: string, lines: PricedMedicalLine[]): QuoteLineRow[] {
  return lines.map((l) => ({
    quote_id: quoteId,
    line_no: l.lineNo,
    hospital_id: hospitalId,
    code: l.code,
    name: JSON.stringify(l.name),
    department_code: l.department,
    service_class: l.serviceClass,
    kind: l.kind,
    unit: l.unit,
    quantity: l.quantity,
    service_date: l.serviceDate,
    unit_price: l.unitPrice,
    line_total: l.lineTotal,
    tariff_version_id: l.tariffVersionId,
    tariff_version: l.tariffVersion,
    standard_unit_price: l.standardUnitPrice ?? null,
  }));
}

function rowToLine(r: QuoteLineRow, currency: string): PricedMedicalLine {
  return {
    lineNo: r.line_no,
    code: r.code,
    name: JSON.parse(r.name) as Record<string, string>,
    department: r.department_code,
    serviceClass: r.service_class,
    kind: r.kind,
    unit: r.unit,
    quantity: r.quantity,
    serviceDate: r.service_date,
    unitPrice: r.unit_price,
    lineTotal: r.line_total,
    currency,
    tariffVersionId: r.tariff_version_id,
    tariffVersion: r.tariff_version,
    standardUnitPrice: r.standard_unit_price,
  };
}

async function sign(ctx: ServiceContext, doc: Parameters<typeof affirmationDocument>[0]) {
  const payload = serializeAffirmation(affirmationDocument(doc));
  return { payload, signature: await ctx.signer.sign(payload), keyId: ctx.signer.keyId };
}

function fxJson(rate: ResolvedRate) {
  return JSON.stringify({ from: rate.from, to: rate.to, rate: rate.display, source: rate.source, asOf: rate.asOf });
}

/** A line whose amount, or the running total at it, leaves the safe integer range. */
class LineOverflow extends Error {
  constructor(
    readonly lineNo: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The medical total in the hospital's and the patient's currency, each the sum of the lines as shown
 * in it (each line converted once, half-even), so both equal their lines. Throws LineOverflow.
 */
function medicalTotals(
  lines: PricedMedicalLine[],
  hospitalCurrency: string,
  rate: ResolvedRate,
): { medical: number; patient: number } {
  let medical = 0;
  let patient = 0;
  for (const l of lines) {
    let shown: number;
    try {
      shown = convert({ amount: l.lineTotal, currency: hospitalCurrency }, rate).amount;
    } catch (err) {
      if (err instanceof PricingError && err.code === "amount_overflow") {
        throw new LineOverflow(
          l.lineNo,
          `line ${l.lineNo}: its amount in ${rate.to} is beyond the largest amount Caravan can hold`,
        );
      }
      throw err;
    }
    // Safe integers past the safe range never round back into it: one check after each addition suffices.
    medical += l.lineTotal;
    patient += shown;
    if (!Number.isSafeInteger(medical) || !Number.isSafeInteger(patient)) {
      throw new LineOverflow(
        l.lineNo,
        `line ${l.lineNo}: the medical total passes the largest amount Caravan can hold at this line`,
      );
    }
  }
  return { medical, patient };
}

export function quoteView(ctx: ServiceContext, q: repo.QuoteWithLines) {
  const now = ctx.clock.now().toISOString();
  const fx = JSON.parse(q.fx) as { from: string; to: string; rate: string; source: string; asOf: string };
  const status: "open" | "expired" | "withdrawn" = q.status === "open" && q.valid_until < now ? "expired" : q.status;
  const m = (amount: number, currency: string) => ({ amount, currency });
  return {
    id: q.id,
    revision: q.revision,
    status,
    patientId: q.patient_id,
    hospitalId: q.hospital_id,
    consultationId: q.consultation_id,
    serviceDate: q.service_date,
    validUntil: q.valid_until,
    lines: q.lines.map((l) => ({
      lineNo: l.line_no,
      code: l.code,
      name: JSON.parse(l.name) as Record<string, string>,
      department: l.department_code,
      serviceClass: l.service_class,
      kind: l.kind,
      unit: l.unit,
      quantity: l.quantity,
      serviceDate: l.service_date,
      unitPrice: m(l.unit_price, q.hospital_currency),
      standardUnitPrice:
        l.standard_unit_price === null || l.standard_unit_price === undefined
          ? null
          : m(l.standard_unit_price, q.hospital_currency),
      lineTotal: m(l.line_total, q.hospital_currency),
      tariffVersion: { id: l.tariff_version_id, version: l.tariff_version },
    })),
    totals: {
      medical: m(q.medical_total, q.hospital_currency),
      medicalInPatientCurrency: m(q.medical_total_patient, q.patient_currency),
      payableAtHospital: m(q.medical_total, q.hospital_currency),
    },
    fx,
    parityAffirmation: {
      algorithm: "Ed25519" as const,
      keyId: q.affirmation_key_id,
      payload: q.affirmation_payload,
      signature: q.affirmation_signature,
    },
    withdrawnReason: q.withdrawn_reason,
    createdAt: q.created_at,
    updatedAt: q.updated_at,
  };
}

/**
 * A treatment quote from a consultation's recommendation, or from a hospital and items.
 * Every medical line is priced by the pricing module from the domestic tariff; any attempt to
 * set or bend a price is a 422 naming the line, and nothing is stored.
 */
export async function createQuote({ ctx, input }: { ctx: ServiceContext; input: CreateQuoteInput }) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  let hospitalId: string;
  let patientId: string;
  let consultationId: string | null = null;
  let items: QuoteItemInput[];
  let serviceDate = input.serviceDate;

  if (input.consultationId) {
    if (input.items || input.hospitalId || input.patientId) {
      throw validationError("A quote comes from a consultation or from hospital + items, not both.", [
        { path: "body.consultationId", message: "give either consultationId, or hospitalId + items" },
      ]);
    }
    const c = await consultations.findConsultation(ctx.db, input.consultationId);
    const visible =
      c &&
      (actsForPatient(actor, { id: c.patient_id, agencyId: c.patient_agency_id }) ||
        isStaffOf(actor, c.hospital_id, ["clinician"]));
    if (!c || !visible) throw notFound("consultation", input.consultationId);
    if (c.status !== "completed" || !c.recommendation) {
      throw conflict(`Consultation ${c.id} has no recommendation yet (status ${c.status}).`, "no_recommendation");
    }
    const rec = JSON.parse(c.recommendation) as { items: RecommendationItem[]; admissionDate?: string | null };
    hospitalId = c.hospital_id;
    patientId = c.patient_id;
    consultationId = c.id;
    // A premium class is never selected for the patient: a recommended one is kept only when the
    // patient names it; otherwise the line is quoted in the standard class (its department follows the code).
    items = rec.items.map((i) =>
      i.serviceClass === undefined || i.serviceClass === DEFAULT_SERVICE_CLASS || i.serviceClass === input.premiumClass
        ? { ...i }
        : { code: i.code, quantity: i.quantity },
    );
    serviceDate = serviceDate ?? rec.admissionDate ?? undefined;
  } else {
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
    hospitalId = input.hospitalId;
    items = input.items;
    patientId = patientIdFor(
      actor,
      input.patientId,
      "Hospital staff create quotes from a consultation's recommendation.",
    );
  }

  const [hospital, patient] = await Promise.all([
    catalog.getHospital(ctx.db, hospitalId),
    patients.findPatient(ctx.db, patientId),
  ]);
  if (!hospital)
    throw validationError("Unknown hospital.", [
      { path: "body.hospitalId", message: `unknown hospital '${hospitalId}'` },
    ]);
  if (
    !patient ||
    !(
      actsForPatient(actor, { id: patient.id, agencyId: patient.agency_id }) ||
      isStaffOf(actor, hospital.id, ["clinician"])
    )
  ) {
    throw notFound("patient", patientId);
  }
  if (input.hospitalCurrency !== undefined && input.hospitalCurrency !== hospital.currency) {
    throw businessRule(
      "parity_violation",
      `Medical fees are priced in the hospital's currency (${hospital.currency}) only.`,
      [{ path: "body.hospitalCurrency", message: `must be ${hospital.currency} or omitted` }],
    );
  }
  if (!serviceDate) {
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

  // A quote is for care still to come: a service date before today (hospital-local, by the clock) is refused.
  const today = localDate(now, hospital.zone);
  const past: { path: string; message: string }[] = [];
  if (serviceDate < today)
    past.push({ path: "body.serviceDate", message: `${serviceDate} is before today (${today}, ${hospital.zone})` });
  items.forEach((item, i) => {
    if (typeof item.serviceDate === "string" && item.serviceDate < today) {
      past.push({
        path: `body.items.${i}.serviceDate`,
        message: `line ${i + 1}: ${item.serviceDate} is before today (${today}, ${hospital.zone})`,
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

  const requests: MedicalLineRequest[] = items.map((i) => ({
    code: i.code,
    quantity: i.quantity,
    serviceDate: i.serviceDate ?? serviceDate!,
    department: i.department,
    serviceClass: i.serviceClass,
    unitPrice: i.unitPrice,
    currency: i.currency,
  }));
  const [versions, foreignDepartments] = await Promise.all([
    loadTariffVersionsInForce(
      ctx.db,
      hospital.id,
      requests.map((r) => r.serviceDate).filter((d) => typeof d === "string"),
    ),
    foreignDepartmentCodes(ctx.db, hospital.id),
  ]);
  const { lines, violations } = priceMedicalLines(requests, versions, { foreignDepartments });
  if (violations.length > 0) {
    // Each message already names its line.
    const overflowOnly = violations.every((v) => v.code === "amount_overflow");
    throw businessRule(
      overflowOnly ? "amount_overflow" : "parity_violation",
      overflowOnly
        ? `Some lines are too large to price: ${violations.map((v) => v.message).join("; ")}.`
        : `Medical lines are priced only from ${hospital.name}'s domestic tariff: ${violations.map((v) => v.message).join("; ")}.`,
      violations.map((v) => ({ path: `body.items.${v.lineNo - 1}.${v.field}`, message: `${v.code}: ${v.message}` })),
    );
  }

  const rate = resolveRate(await ratesUpTo(ctx.db, today), hospital.currency, patientCurrency, today);
  if (!rate) {
    throw businessRule("fx_unavailable", `No exchange rate ${hospital.currency}→${patientCurrency} is available.`, [
      { path: "body.currency", message: `no rate ${hospital.currency}→${patientCurrency}` },
    ]);
  }
  let totals: { medical: number; patient: number };
  try {
    totals = medicalTotals(lines, hospital.currency, rate);
  } catch (err) {
    if (!(err instanceof LineOverflow)) throw err;
    throw businessRule("amount_overflow", `The quote is too large to price: ${err.message}.`, [
      { path: `body.items.${err.lineNo - 1}`, message: `amount_overflow: ${err.message}` },
    ]);
  }
  const medicalTotal = totals.medical;
  const medicalTotalPatient = totals.patient;

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
    consultation_id: consultationId,
    status: "open",
    revision: 1,
    service_date: serviceDate!,
    hospital_currency: hospital.currency,
    patient_currency: patientCurrency,
    medical_total: medicalTotal,
    medical_total_patient: medicalTotalPatient,
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
        medicalTotal: { amount: medicalTotal, currency: hospital.currency },
        medicalTotalInPatientCurrency: { amount: medicalTotalPatient, currency: patientCurrency },
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

export async function getQuote({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  const q = await repo.findQuote(ctx.db, input.id);
  if (!q || !canSeeQuote(ctx, q)) throw notFound("quote", input.id);
  return quoteView(ctx, q);
}

export async function listQuotes({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { status?: string; hospitalId?: string; patientId?: string; limit: number; cursor?: string };
}) {
  const actor = requireActor(ctx);
  const f = {
    status: input.status,
    hospitalId: input.hospitalId,
    patientId: input.patientId,
    after: decodeCursor(input.cursor, 1),
    limit: input.limit,
    agencyId: undefined as string | undefined,
  };
  if (actor.role === "patient") f.patientId = actor.patientId!;
  else if (actor.role === "agent") f.agencyId = actor.agencyId!;
  else if (actor.role === "clinician" || actor.role === "billing") f.hospitalId = actor.hospitalId!;
  if (input.patientId && f.patientId !== input.patientId) return { data: [], nextCursor: null };
  if (input.hospitalId && f.hospitalId !== input.hospitalId) return { data: [], nextCursor: null };
  // "expired" is open past validUntil: filter after reading.
  const rows = await repo.listQuotes(ctx.db, { ...f, status: input.status === "expired" ? "open" : input.status });
  const p = paginate(rows, input.limit, (r) => [r.id]);
  const now = ctx.clock.now().toISOString();
  const data = p.data
    .filter((q) =>
      input.status === "open" ? q.valid_until >= now : input.status === "expired" ? q.valid_until < now : true,
    )
    .map((q) => quoteView(ctx, q));
  return { data, nextCursor: p.nextCursor };
}

/**
 * After a new tariff version: re-prices every open quote of the hospital with a line on or after
 * `fromDate`, up or down, exactly as a domestic bill would change; re-signs it; tells the patient.
 * A quote whose code no longer exists is withdrawn (never silently kept at the old price).
 * Runs inside the caller's transaction.
 */
export async function repriceOpenQuotes(
  ctx: ServiceContext,
  trx: Transaction<Database>,
  args: { hospitalId: string; fromDate: string; versions: TariffVersion[]; reason: string },
) {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const ids = await repo.openQuoteIdsFrom(trx, args.hospitalId, args.fromDate);
  const rates = await ratesUpTo(trx, nowIso.slice(0, 10));
  const changed: { quoteId: string; revision: number; before: number; after: number; withdrawn: boolean }[] = [];
  const foreignDepartments = ids.length === 0 ? undefined : await foreignDepartmentCodes(trx, args.hospitalId);
  for (const id of ids) {
    const q = (await repo.findQuote(trx, id))!;
    if (q.valid_until < nowIso) continue; // expired quotes are re-priced when refreshed, not here
    const { lines, violations } = priceMedicalLines(
      q.lines.map((l) => ({
        code: l.code,
        quantity: l.quantity,
        serviceDate: l.service_date,
        department: l.department_code,
        serviceClass: l.service_class,
      })),
      args.versions,
      { foreignDepartments },
    );
    const before = q.medical_total;
    const rate = resolveRate(rates, q.hospital_currency, q.patient_currency, nowIso.slice(0, 10));
    let totals: { medical: number; patient: number } | undefined;
    const problems = violations.map((v) => v.message);
    if (problems.length === 0) {
      try {
        totals = rate
          ? medicalTotals(lines, q.hospital_currency, rate)
          : { medical: lines.reduce((s, l) => s + l.lineTotal, 0), patient: q.medical_total_patient };
      } catch (err) {
        if (!(err instanceof LineOverflow)) throw err;
        problems.push(err.message);
      }
    }
    if (problems.length > 0 || totals === undefined) {
      const reason = `Re-pricing after ${args.reason}: ${problems.join("; ")}`;
      await repo.withdrawQuote(trx, id, q.revision, reason, nowIso);
      await enqueueNotification(trx, {
        userId: q.patient_user_id,
        kind: "quote_withdrawn",
        language: q.patient_language,
        subjectId: id,
        payload: { quoteId: id, reason },
        now,
      });
      changed.push({ quoteId: id, revision: q.revision, before, after: before, withdrawn: true });
      continue;
    }
    const same = lines.every((l, i) => {
      const old = q.lines[i]!;
      return (
        old.unit_price === l.unitPrice &&
        old.line_total === l.lineTotal &&
        old.tariff_version_id === l.tariffVersionId &&
        (old.standard_unit_price ?? null) === (l.standardUnitPrice ?? null)
      );
    });
    if (same) continue;
    const fx = rate ? fxJson(rate) : q.fx;
    const after = totals.medical;
    const afterPatient = totals.patient;
    const revision = q.revision + 1;
    const affirmation = await sign(ctx, {
      quoteId: id,
      revision,
      hospitalId: q.hospital_id,
      currency: q.hospital_currency,
      issuedAt: nowIso,
      lines,
    });
    await repo.replaceQuotePricing(
      trx,
      id,
      q.revision,
      {
        revision,
        medical_total: after,
        medical_total_patient: afterPatient,
        fx,
        affirmation_payload: affirmation.payload,
        affirmation_signature: affirmation.signature,
        affirmation_key_id: affirmation.keyId,
        updated_at: nowIso,
      },
      lineRows(id, q.hospital_id, lines),
    );
    await enqueueNotification(trx, {
      userId: q.patient_user_id,
      kind: "quote_repriced",
      language: q.patient_language,
      subjectId: id,
      payload: {
        quoteId: id,
        reason: args.reason,
        before: { amount: before, currency: q.hospital_currency },
        after: { amount: after, currency: q.hospital_currency },
        lines: lines.map((l, i) => ({
          lineNo: l.lineNo,
          code: l.code,
          before: q.lines[i]!.unit_price,
          after: l.unitPrice,
        })),
      },
      now,
    });
    changed.push({ quoteId: id, revision, before, after, withdrawn: false });
  }
  return changed;
}

export { rowToLine };
