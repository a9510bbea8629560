import type { Actor, ServiceContext } from "./context";
import { forbidden, notFound, unauthorized, validationError } from "./errors";

export function requireActor(ctx: ServiceContext): Actor {
  if (!ctx.actor) throw unauthorized();
  return ctx.actor;
}

/** The patient themselves, an agent of their agency, or an admin. */
export function actsForPatient(actor: Actor, patient: { id: string; agencyId: string | null }): boolean {
  if (actor.role === "admin") return true;
  if (actor.role === "patient") return actor.patientId === patient.id;
  if (actor.role === "agent") return !!patient.agencyId && patient.agencyId === actor.agencyId;
  return false;
}

/** A clinician or billing user of this hospital. */
export function isStaffOf(
  actor: Actor,
  hospitalId: string,
  roles: ("clinician" | "billing")[] = ["clinician", "billing"],
): boolean {
  return (roles as string[]).includes(actor.role) && actor.hospitalId === hospitalId;
}

/** Billing of the hospital or an admin; anyone else is refused. */
export function requireBillingOf(actor: Actor, hospitalId: string): void {
  if (actor.role === "admin") return;
  if (actor.role === "billing" && actor.hospitalId === hospitalId) return;
  throw forbidden(
    actor.role === "billing"
      ? "Billing staff may only act for their own hospital."
      : `Role '${actor.role}' may not do this.`,
  );
}

/**
 * The patient a request acts for: a patient for themselves (naming anyone else is a 404),
 * an agent or admin for the patient they name. Other roles are refused with `refusal`.
 */
export function patientIdFor(actor: Actor, given: string | undefined, refusal: string): string {
  if (actor.role === "patient") {
    if (given && given !== actor.patientId) throw notFound("patient", given);
    return actor.patientId!;
  }
  if (actor.role === "agent" || actor.role === "admin") {
    if (!given)
      throw validationError("Say which patient it is for.", [
        { path: "body.patientId", message: "required for agents and admins" },
      ]);
    return given;
  }
  throw forbidden(refusal);
}

/** The signed-in actor when their role may use this verb; any other role is refused (403). */
export function requireRole(ctx: ServiceContext, ...roles: Actor["role"][]): Actor {
  const actor = requireActor(ctx);
  if (!roles.includes(actor.role)) {
    throw forbidden(`Role '${actor.role}' may not do this; allowed: ${roles.join(", ")}.`);
  }
  return actor;
}
