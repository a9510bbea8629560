import type { LoadedItinerary } from "../../data/itineraries-repo";
import type { Role } from "../../data/schema";
import type { Actor, ServiceContext } from "../context";
import { conflict, forbidden } from "../errors";
import { actsForPatient, isStaffOf, requireActor } from "../scope";

/**
 * Who may do what with an itinerary. Each verb asks here: first whether its role may call it at all
 * (before anything is read, so a refused role learns nothing), then about the itinerary it loaded.
 */

/** The roles that may call each itinerary verb; reading is narrowed further by `canRead`. */
export const VERB_ROLES = {
  create: ["patient", "agent", "admin"],
  write: ["patient", "agent", "admin"],
  hold: ["patient", "agent", "admin"],
  cancel: ["patient", "agent", "admin"],
  bankTransfer: ["agent", "admin"],
  pay: ["patient", "agent", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Verb = keyof typeof VERB_ROLES;

/** Refuses a role the verb is not for (403), naming the roles that may. */
export function requireVerbRole(actor: Actor, verb: Verb): void {
  const roles: readonly Role[] = VERB_ROLES[verb];
  if (!roles.includes(actor.role))
    throw forbidden(`Role '${actor.role}' may not do this; allowed: ${roles.join(", ")}.`);
}

/** The signed-in actor when their role may call the verb (401 without one, 403 for another role). */
export function requireVerb(ctx: ServiceContext, verb: Verb): Actor {
  const actor = requireActor(ctx);
  requireVerbRole(actor, verb);
  return actor;
}

/** The patient of the itinerary themselves: they see their own documents unmasked. */
export function isOwner(actor: Actor, itn: { patient_id: string }) {
  return actor.role === "patient" && actor.patientId === itn.patient_id;
}

/** The patient, their agency's agents, admins and the hospital's staff read an itinerary; others get a 404. */
export function canRead(actor: Actor, itn: LoadedItinerary) {
  return actsForPatient(actor, { id: itn.patient_id, agencyId: itn.agency_id }) || isStaffOf(actor, itn.hospital_id);
}

/**
 * Patients managed by an agency change their own drafts; patients without one also their held
 * itineraries (a change re-holds in the same transaction). A confirmed itinerary involves payments
 * and refunds, so only agents (their agency's) and admins change it; nobody a completed or cancelled one.
 */
export function assertCanWrite(actor: Actor, itn: LoadedItinerary) {
  if (actor.role === "patient") {
    if (itn.status === "draft") return;
    if (itn.agency_id !== null)
      throw forbidden("Your concierge agency manages this itinerary once held: ask your agent to change it.");
    if (itn.status === "held") return;
    if (itn.status === "confirmed")
      throw forbidden("A confirmed itinerary involves payments and refunds: ask Caravan support to change it.");
  }
  if (actor.role !== "patient" && actor.role !== "agent" && actor.role !== "admin")
    throw forbidden("Hospital staff read itineraries; they do not change them.");
  if (itn.status === "completed") throw conflict("A completed itinerary cannot change.", "invalid_state");
  if (itn.status === "cancelled") throw conflict("A cancelled itinerary cannot change.", "invalid_state");
}

/** A patient holds their draft once; agents and admins also re-hold what they may change. */
export function assertCanHold(actor: Actor, itn: LoadedItinerary) {
  if (actor.role !== "patient" && actor.role !== "agent" && actor.role !== "admin") throw forbidden();
  if (actor.role === "patient" && itn.status !== "draft")
    throw conflict(`A ${itn.status} itinerary cannot be held again.`, "invalid_state");
  assertCanWrite(actor, itn);
}

/** Hospital staff neither quote nor confirm cancellations; a patient cancels only before confirmation. */
export function assertCanCancel(actor: Actor, itn: LoadedItinerary, confirming: boolean) {
  if (actor.role === "clinician" || actor.role === "billing") throw forbidden();
  if (confirming && actor.role === "patient" && itn.status !== "draft" && itn.status !== "held")
    throw forbidden("A confirmed itinerary is cancelled by your concierge agent.");
  if (itn.status === "cancelled" || itn.status === "completed")
    throw conflict(`A ${itn.status} itinerary cannot be cancelled.`, "invalid_state");
}

/** Payments are taken for the patient by themselves, their agency's agents or an admin. */
export function assertCanPay(actor: Actor, itn: LoadedItinerary) {
  if (!actsForPatient(actor, { id: itn.patient_id, agencyId: itn.agency_id }))
    throw forbidden("Hospital staff do not take payments.");
}

/** The filter a list of itineraries gets for the caller's role; null: nothing they may see matches. */
export function listScope(
  actor: Actor,
  input: { patientId?: string; hospitalId?: string },
): { patientId?: string; agencyId?: string; hospitalId?: string } | null {
  const f = { patientId: input.patientId, hospitalId: input.hospitalId } as {
    patientId?: string;
    agencyId?: string;
    hospitalId?: string;
  };
  if (actor.role === "patient") {
    if (input.patientId && input.patientId !== actor.patientId) return null;
    f.patientId = actor.patientId!;
  } else if (actor.role === "agent") f.agencyId = actor.agencyId!;
  else if (actor.role === "clinician" || actor.role === "billing") {
    if (input.hospitalId && input.hospitalId !== actor.hospitalId) return null;
    f.hospitalId = actor.hospitalId!;
  }
  return f;
}
