import { getHospital } from "../../data/catalog-repo";
import { newId } from "../../data/ids";
import * as repo from "../../data/itineraries-repo";
import * as patients from "../../data/patients-repo";
import * as quotes from "../../data/quotes-repo";
import type { ItineraryRow, PatientRow } from "../../data/schema";
import { withTransaction } from "../../data/unit-of-work";
import { isSupportedCurrency } from "../../domain/pricing/money";
import type { ServiceContext } from "../context";
import { notFound, ServiceError, validationError } from "../errors";
import { actsForPatient, patientIdFor, requireActor } from "../scope";
import { buildParams, paramsJson, refOf } from "./component-input";
import { snapshot } from "./load";
import { requireVerbRole } from "./policy";
import { resolveOne } from "./resolve";
import type { CreateItineraryInput } from "./schemas";
import type { ComponentParams, Traveler } from "./types";
import { viewAfterWrite } from "./view";
import { summaryOf } from "../../domain/itineraries/history-summary";

/** The hospital: the quote's, or the one named (they must agree). */
async function hospitalFor(ctx: ServiceContext, patient: PatientRow, input: CreateItineraryInput) {
  let hospitalId = input.hospitalId;
  if (input.quoteId) {
    const q = await quotes.findQuote(ctx.db, input.quoteId);
    if (!q || q.patient_id !== patient.id)
      throw validationError("Unknown quote.", [{ path: "body.quoteId", message: "no such quote of this patient" }]);
    if (hospitalId && hospitalId !== q.hospital_id)
      throw validationError("The quote is for another hospital.", [
        { path: "body.hospitalId", message: `the quote is for ${q.hospital_id}` },
      ]);
    hospitalId = q.hospital_id;
  }
  if (!hospitalId)
    throw validationError("Say which hospital.", [{ path: "body.hospitalId", message: "required without quoteId" }]);
  const hospital = await getHospital(ctx.db, hospitalId);
  if (!hospital)
    throw validationError("Unknown hospital.", [
      { path: "body.hospitalId", message: `unknown hospital '${hospitalId}'` },
    ]);
  return hospital;
}

/** Travelers get ids t1, t2, …; the patient's own documents and languages fill what is not given. */
async function travelersOf(ctx: ServiceContext, patient: PatientRow, input: CreateItineraryInput) {
  if (input.travelers.filter((t) => t.role === "patient").length !== 1) {
    throw validationError("Exactly one traveler is the patient.", [
      { path: "body.travelers", message: "exactly one traveler with role patient" },
    ]);
  }
  const patientLanguages = JSON.parse(patient.languages) as string[];
  const own = <T>(isPatient: boolean, value: T) => (isPatient ? value : null);
  return Promise.all(
    input.travelers.map(
      async (t, i): Promise<Traveler> => ({
        id: `t${i + 1}`,
        fullName: t.fullName,
        role: t.role,
        languages: t.languages ?? (t.role === "patient" ? patientLanguages : [patient.language]),
        needsLodging: t.needsLodging ?? true,
        wheelchair: t.wheelchair ?? false,
        nationality: t.nationality ?? own(t.role === "patient", patient.nationality),
        passportNumberEnc: t.passportNumber
          ? await ctx.cipher.encrypt(t.passportNumber)
          : own(t.role === "patient", patient.passport_number_enc),
        birthDateEnc: t.birthDate
          ? await ctx.cipher.encrypt(t.birthDate)
          : own(t.role === "patient", patient.birth_date_enc),
      }),
    ),
  );
}

/** The components given, checked and resolved; errors name `body.components.<i>`. */
async function componentsOf(
  ctx: ServiceContext,
  row: ItineraryRow,
  hospital: Parameters<typeof resolveOne>[1],
  travelers: Traveler[],
  input: CreateItineraryInput,
) {
  const params: ComponentParams[] = [];
  for (const [i, c] of (input.components ?? []).entries())
    params.push(await buildParams(ctx, row, travelers, c, `body.components.${i}`));
  for (const [i, p] of params.entries()) {
    try {
      await resolveOne(ctx.db, hospital, "new", i, p);
    } catch (err) {
      if (err instanceof ServiceError && err.errors)
        throw validationError(
          err.message,
          err.errors.map((e) => ({ ...e, path: e.path.replace("body.", `body.components.${i}.`) })),
        );
      throw err;
    }
  }
  return params;
}

/** A draft itinerary for a patient: travelers, hospital, quote and components; nothing is reserved yet. */
export async function createItinerary({ ctx, input }: { ctx: ServiceContext; input: CreateItineraryInput }) {
  const actor = requireActor(ctx);
  requireVerbRole(actor, "create");
  const patientId = patientIdFor(actor, input.patientId, "Itineraries are made by patients and their agents.");
  const patient = await patients.findPatient(ctx.db, patientId);
  if (!patient || !actsForPatient(actor, { id: patient.id, agencyId: patient.agency_id }))
    throw notFound("patient", patientId);
  const hospital = await hospitalFor(ctx, patient, input);
  const currency = input.currency ?? patient.currency;
  if (!isSupportedCurrency(currency))
    throw validationError("Unsupported currency.", [{ path: "body.currency", message: `unsupported '${currency}'` }]);
  const travelers = await travelersOf(ctx, patient, input);
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const row: ItineraryRow = {
    id: newId("itn", now),
    patient_id: patient.id,
    agency_id: patient.agency_id,
    hospital_id: hospital.id,
    quote_id: input.quoteId ?? null,
    status: "draft",
    version: 1,
    patient_currency: currency,
    travelers: JSON.stringify(travelers),
    hold_expires_at: null,
    notes: input.notes ?? null,
    created_by: actor.userId,
    created_at: nowIso,
    updated_at: nowIso,
  };
  const params = await componentsOf(ctx, row, hospital, travelers, input);
  await withTransaction(ctx, async (uow) => {
    const trx = uow.db;
    await repo.insertItinerary(trx, row);
    for (const [i, p] of params.entries()) {
      const id = newId("cmp", now);
      const [ref, json] = [refOf(p), paramsJson(p)];
      const at = { created_at: nowIso, updated_at: nowIso };
      await repo.insertComponent(trx, {
        id,
        itinerary_id: row.id,
        type: p.type,
        ref,
        params: json,
        position: i + 1,
        ...at,
      });
    }
    await repo.insertHistory(trx, {
      itineraryId: row.id,
      version: 1,
      action: "created",
      actorUserId: actor.userId,
      actorRole: actor.role,
      at: now,
      summary: summaryOf.created(params.length),
      before: null,
      after: await snapshot(uow, trx, row),
    });
  });
  return viewAfterWrite(ctx, row.id);
}
