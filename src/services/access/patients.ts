import {
  findUserByEmailRole,
  insertToken,
  insertUser,
  agencyExists,
  revokeTokensByLabel,
} from "../../data/access-repo";
import { newId } from "../../data/ids";
import { decodeCursor, paginate } from "../../data/pagination";
import * as repo from "../../data/patients-repo";
import type { PatientRow } from "../../data/schema";
import { maskBirthDate, maskPassport } from "../../domain/masking";
import { defaultHomeZone } from "../../domain/time/home-zones";
import type { Actor, ServiceContext } from "../context";
import type { ListPatientsInput, SignUpInput } from "./schemas";
import { hashToken, newToken } from "../../ports/crypto";
import { businessRule, conflict, forbidden, notFound, validationError } from "../errors";
import { withUnitOfWork } from "../../data/unit-of-work";
import { requireActor, requireRole } from "../scope";

/**
 * Signs a patient up and issues their token (shown once). A patient belongs to at most one agency:
 * the one chosen at sign-up, or the agency of the agent who creates the account.
 */
export async function signUpPatient({ ctx, input }: { ctx: ServiceContext; input: SignUpInput }) {
  const actor = ctx.actor;
  let agencyId: string | null = input.agencyId ?? null;
  if (actor?.role === "agent") {
    if (input.agencyId && input.agencyId !== actor.agencyId) {
      throw businessRule("agency_mismatch", "An agent can only create patients for their own agency.", [
        { path: "body.agencyId", message: "must be your own agency or omitted" },
      ]);
    }
    agencyId = actor.agencyId;
  } else if (actor && actor.role !== "admin") {
    throw forbidden(`Role '${actor.role}' may not create patient accounts.`);
  }
  const now = ctx.clock.now();
  const createdAt = now.toISOString();
  const token = newToken();
  const [passportEnc, birthEnc, tokenHash] = await Promise.all([
    input.passportNumber ? ctx.cipher.encrypt(input.passportNumber) : Promise.resolve(null),
    input.birthDate ? ctx.cipher.encrypt(input.birthDate) : Promise.resolve(null),
    hashToken(token),
  ]);
  const userId = newId("usr", now);
  const patientId = newId("pat", now);
  const email = input.email.toLowerCase();
  const row = await withUnitOfWork(ctx.db, async (trx) => {
    if (agencyId && !(await agencyExists(trx, agencyId))) {
      throw validationError("Unknown agency.", [{ path: "body.agencyId", message: `unknown agency '${agencyId}'` }]);
    }
    if (await findUserByEmailRole(trx, email, "patient")) {
      throw conflict("A patient with this email already exists.", "email_taken");
    }
    await insertUser(trx, {
      id: userId,
      role: "patient",
      displayName: input.fullName,
      email,
      language: input.language,
      agencyId: null,
      hospitalId: null,
      createdAt,
    });
    await insertToken(trx, { id: newId("tok", now), userId, tokenHash, label: "sign-up", createdAt });
    const p: PatientRow = {
      id: patientId,
      user_id: userId,
      agency_id: agencyId,
      full_name: input.fullName,
      email,
      phone: input.phone ?? null,
      nationality: input.nationality.toUpperCase(),
      home_city: input.homeCity,
      language: input.language,
      languages: JSON.stringify(Array.from(new Set([input.language, ...(input.languages ?? [])]))),
      currency: input.currency,
      zone: input.timeZone ?? defaultHomeZone(input.nationality),
      passport_number_enc: passportEnc,
      birth_date_enc: birthEnc,
      created_at: createdAt,
    };
    await repo.insertPatient(trx, p);
    return p;
  });
  // The caller (the patient at sign-up, or their agent) sees the data they just entered.
  return { patient: await patientView(ctx, row, true), token };
}

function canSee(actor: Actor, p: PatientRow): { visible: boolean; owner: boolean } {
  if (actor.role === "patient") return { visible: actor.patientId === p.id, owner: actor.patientId === p.id };
  if (actor.role === "agent") return { visible: !!p.agency_id && p.agency_id === actor.agencyId, owner: false };
  if (actor.role === "admin") return { visible: true, owner: false };
  return { visible: false, owner: false };
}

async function patientView(ctx: ServiceContext, p: PatientRow, owner: boolean) {
  const passport = p.passport_number_enc ? await ctx.cipher.decrypt(p.passport_number_enc) : null;
  const birth = p.birth_date_enc ? await ctx.cipher.decrypt(p.birth_date_enc) : null;
  return {
    id: p.id,
    fullName: p.full_name,
    email: p.email,
    phone: p.phone,
    nationality: p.nationality,
    homeCity: p.home_city,
    language: p.language,
    languages: JSON.parse(p.languages) as string[],
    currency: p.currency,
    timeZone: p.zone ?? defaultHomeZone(p.nationality),
    agencyId: p.agency_id,
    passportNumber: passport === null ? null : owner ? passport : maskPassport(passport),
    birthDate: birth === null ? null : owner ? birth : maskBirthDate(birth),
    personalDataMasked: !owner,
    createdAt: p.created_at,
  };
}

/** A patient record: the patient, their agent or an admin; personal data masked but for its owner. */
export async function getPatient({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  const actor = requireRole(ctx, "patient", "agent", "admin");
  const p = await repo.findPatient(ctx.db, input.id);
  const access = p ? canSee(actor, p) : { visible: false, owner: false };
  if (!p || !access.visible) throw notFound("patient", input.id);
  return patientView(ctx, p, access.owner);
}

/** An agent's agency's patients, or every patient for an admin; personal data masked. */
export async function listPatients({ ctx, input }: { ctx: ServiceContext; input: ListPatientsInput }) {
  const actor = requireRole(ctx, "agent", "admin");
  const rows = await repo.listPatients(ctx.db, {
    agencyId: actor.role === "agent" ? actor.agencyId! : undefined,
    after: decodeCursor(input.cursor, 1),
    limit: input.limit,
  });
  const p = paginate(rows, input.limit, (r) => [r.id]);
  return { data: await Promise.all(p.data.map((r) => patientView(ctx, r, false))), nextCursor: p.nextCursor };
}

/** The signed-in account, whatever its role. */
export function whoAmI({ ctx }: { ctx: ServiceContext }) {
  const a = requireActor(ctx);
  return {
    userId: a.userId,
    role: a.role,
    displayName: a.displayName,
    agencyId: a.agencyId,
    hospitalId: a.hospitalId,
    patientId: a.patientId,
  };
}

/**
 * A replayed sign-up's token: sign-up tokens are never stored (only their hashes), so the replay
 * gets a fresh one and the patient's earlier sign-up token is revoked, leaving one live.
 */
export async function reissueSignUpToken({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { patientId: string };
}): Promise<string> {
  const now = ctx.clock.now();
  const token = newToken();
  await ctx.db.transaction().execute(async (trx) => {
    const p = await repo.findPatient(trx, input.patientId);
    if (!p) throw notFound("patient", input.patientId);
    await revokeTokensByLabel(trx, p.user_id, "sign-up", now.toISOString());
    await insertToken(trx, {
      id: newId("tok", now),
      userId: p.user_id,
      tokenHash: hashToken(token),
      label: "sign-up",
      createdAt: now.toISOString(),
    });
  });
  return token;
}
