import { agencyPatients as patientRows } from "../../data/agent-queue-repo";
import * as consultations from "../../data/consultations-repo";
import { getPatient } from "../access/patients";
import type { ServiceContext } from "../context";
import { view as consultationView } from "../consultations/view";
import { listItineraries } from "../itineraries/read";
import { listQuotes } from "../quotes/read-quotes";
import { agencyScope, requireConsole } from "./policy";
import { type PatientFileInput, type PatientsInput, PatientsInputSchema } from "./schemas";

/** The agency's patients (every patient for an admin) by name, a bounded page; `q`: part of a name or an id. */
export async function agencyPatients({ ctx, input }: { ctx: ServiceContext; input: PatientsInput }) {
  const actor = requireConsole(ctx);
  const f = PatientsInputSchema.parse(input);
  const rows = await patientRows(
    ctx.db,
    { agencyId: agencyScope(actor), search: f.q || undefined },
    { offset: (f.page - 1) * f.limit, limit: f.limit + 1 },
  );
  return {
    data: rows.slice(0, f.limit).map((r) => ({
      id: r.id,
      fullName: r.full_name,
      email: r.email,
      homeCity: r.home_city,
      nationality: r.nationality,
      createdAt: r.created_at,
    })),
    page: f.page,
    limit: f.limit,
    hasMore: rows.length > f.limit,
  };
}

/** A patient's file: the record (personal data masked), their consultations, quotes and trips (50 of each). */
export async function patientFile({ ctx, input }: { ctx: ServiceContext; input: PatientFileInput }) {
  const actor = requireConsole(ctx);
  const patient = await getPatient({ ctx, input: { id: input.id } }); // another agency's patient: 404
  const scope = agencyScope(actor);
  const rows = await consultations.listConsultations(ctx.db, {
    patientId: patient.id,
    ...(scope ? { agencyId: scope } : {}),
    limit: 50,
  });
  const [quotes, trips] = await Promise.all([
    listQuotes({ ctx, input: { patientId: patient.id, limit: 50 } }),
    listItineraries({ ctx, input: { patientId: patient.id, limit: 50 } }),
  ]);
  return {
    patient,
    consultations: await Promise.all(rows.map((c) => consultationView(ctx, c))),
    quotes: quotes.data,
    trips: trips.data,
  };
}
