import * as catalog from "../../data/catalog-repo";
import { foreignDepartmentCodes, loadTariffVersions } from "../../data/tariffs-repo";
import { createParityIndex, type ParityIndex } from "../../domain/parity/parity-index";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { requireBillingOf, requireRole } from "../scope";

/** The hospital, once the caller is known to bill for it. */
export async function hospitalFor(ctx: ServiceContext, hospitalId: string) {
  const actor = requireRole(ctx, "billing", "admin");
  const hospital = await catalog.getHospital(ctx.db, hospitalId);
  if (!hospital) throw notFound("hospital", hospitalId);
  requireBillingOf(actor, hospital.id);
  return hospital;
}

/** The hospital's tariff as the parity verdicts read it: foreign-patient departments at the standard domestic price. */
export async function parityIndexOf(ctx: ServiceContext, hospitalId: string): Promise<ParityIndex> {
  const [versions, foreignDepartments] = await Promise.all([
    loadTariffVersions(ctx.db, hospitalId),
    foreignDepartmentCodes(ctx.db, hospitalId),
  ]);
  return createParityIndex(versions, { foreignDepartments });
}
