import type { Actor } from "../context";
import { forbidden } from "../errors";

/**
 * Who may do what with change offers. Reading follows the itinerary (its patient, their agency's
 * agents, admins, the hospital's staff; anyone else gets the itinerary's 404 first). Agents and
 * admins make offers; only the patient decides them.
 */
export function assertCanOffer(actor: Actor) {
  if (actor.role !== "agent" && actor.role !== "admin")
    throw forbidden("Change offers are made by the patient's concierge agent.");
}

export function assertCanDecide(actor: Actor) {
  if (actor.role !== "patient") throw forbidden("Only the patient accepts or declines a change offer.");
}
