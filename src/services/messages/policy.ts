import type { Actor, ServiceContext } from "../context";
import { actsForPatient, isStaffOf, requireActor } from "../scope";

/**
 * The role rule of every message verb: any signed-in person (401 otherwise); which trips they reach is
 * `isParticipant`'s. The routes ask it before validating the request (`roleFirst`), the verbs again.
 */
export function requireMessagesActor(ctx: ServiceContext): Actor {
  return requireActor(ctx);
}

/**
 * Who takes part in a trip's conversation, the one rule every message verb asks: the trip's patient,
 * the agents of the trip's agency, the staff (clinicians, billing) of the trip's hospital, and admins.
 * Everyone else is told the trip does not exist (404), as the itinerary API does.
 */
export function isParticipant(
  actor: Actor,
  itn: { patient_id: string; agency_id: string | null; hospital_id: string },
): boolean {
  return actsForPatient(actor, { id: itn.patient_id, agencyId: itn.agency_id }) || isStaffOf(actor, itn.hospital_id);
}
