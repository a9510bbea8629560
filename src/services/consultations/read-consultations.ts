import * as repo from "../../data/consultations-repo";
import { decodeCursor, paginate } from "../../data/pagination";
import type { ServiceContext } from "../context";
import { requireConsultationRole } from "./policy";
import type { ListConsultationsInput } from "./schemas";
import { load, view } from "./view";

export async function getConsultation({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  requireConsultationRole(ctx, "read");
  return view(ctx, await load(ctx, input.id));
}

/** The consultations the reader may see, newest first. */
export async function listConsultations({ ctx, input }: { ctx: ServiceContext; input: ListConsultationsInput }) {
  const actor = requireConsultationRole(ctx, "read");
  const f: repo.ConsultationFilter = {
    status: input.status,
    hospitalId: input.hospitalId,
    after: decodeCursor(input.cursor, 1),
    limit: input.limit,
  };
  if (actor.role === "patient") f.patientId = actor.patientId!;
  else if (actor.role === "agent") f.agencyId = actor.agencyId!;
  else if (actor.role === "clinician") {
    if (input.hospitalId && input.hospitalId !== actor.hospitalId) return { data: [], nextCursor: null };
    f.hospitalId = actor.hospitalId!;
  }
  const rows = await repo.listConsultations(ctx.db, f);
  const p = paginate(rows, input.limit, (r) => [r.id]);
  return { data: await Promise.all(p.data.map((c) => view(ctx, c))), nextCursor: p.nextCursor };
}
