/** The hospital console's front door (/hospital): where hospital staff and admins go. */
import * as catalog from "../../data/catalog-repo";
import type { ServiceContext } from "../context";
import { requireRole } from "../scope";

/**
 * Billing and clinicians: their own hospital (the console shows only it). Admins: every hospital, to
 * pick one. Patients and agents are refused (403).
 */
export async function consoleHome({ ctx }: { ctx: ServiceContext }) {
  const actor = requireRole(ctx, "billing", "clinician", "admin");
  if (actor.role !== "admin") return { role: actor.role, hospitalId: actor.hospitalId, hospitals: [] };
  const rows = await catalog.listHospitals(ctx.db, { limit: 500 });
  return {
    role: actor.role,
    hospitalId: null,
    hospitals: rows.map((h) => ({ id: h.id, name: h.name, city: h.city, country: h.country })),
  };
}
