import { agencyExists, findUserByEmailRole, hospitalExists, insertToken, insertUser } from "../../data/access-repo";
import { newId } from "../../data/ids";
import type { ServiceContext } from "../context";
import { requireUserAdmin } from "./policy";
import type { StaffInput } from "./schemas";
import { hashToken, newToken } from "../../ports/crypto";
import { conflict, validationError } from "../errors";
import { withUnitOfWork } from "../../data/unit-of-work";

/**
 * Admin creates a staff account (agent of an agency, clinician or billing of a hospital, admin) and its first token.
 */
export async function createStaffUser({ ctx, input }: { ctx: ServiceContext; input: StaffInput }) {
  requireUserAdmin(ctx);
  const errors: { path: string; message: string }[] = [];
  const needsAgency = input.role === "agent";
  const needsHospital = input.role === "clinician" || input.role === "billing";
  if (needsAgency !== !!input.agencyId)
    errors.push({
      path: "body.agencyId",
      message: needsAgency ? "required for an agent" : `not allowed for ${input.role}`,
    });
  if (needsHospital !== !!input.hospitalId)
    errors.push({
      path: "body.hospitalId",
      message: needsHospital ? `required for ${input.role}` : `not allowed for ${input.role}`,
    });
  if (errors.length) throw validationError("The role's scope is wrong.", errors);

  const now = ctx.clock.now();
  const createdAt = now.toISOString();
  const token = newToken();
  const tokenHash = await hashToken(token);
  const userId = newId("usr", now);
  const email = input.email.toLowerCase();
  await withUnitOfWork(ctx.db, async (trx) => {
    if (input.agencyId && !(await agencyExists(trx, input.agencyId)))
      throw validationError("Unknown agency.", [
        { path: "body.agencyId", message: `unknown agency '${input.agencyId}'` },
      ]);
    if (input.hospitalId && !(await hospitalExists(trx, input.hospitalId)))
      throw validationError("Unknown hospital.", [
        { path: "body.hospitalId", message: `unknown hospital '${input.hospitalId}'` },
      ]);
    if (await findUserByEmailRole(trx, email, input.role))
      throw conflict(`A ${input.role} with this email already exists.`, "email_taken");
    await insertUser(trx, {
      id: userId,
      role: input.role,
      displayName: input.displayName,
      email,
      language: input.language,
      agencyId: input.agencyId ?? null,
      hospitalId: input.hospitalId ?? null,
      createdAt,
    });
    await insertToken(trx, { id: newId("tok", now), userId, tokenHash, label: "created by admin", createdAt });
  });
  return {
    user: {
      id: userId,
      role: input.role,
      displayName: input.displayName,
      email,
      language: input.language,
      agencyId: input.agencyId ?? null,
      hospitalId: input.hospitalId ?? null,
      createdAt,
    },
    token,
  };
}
