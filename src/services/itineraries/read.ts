import * as repo from "../../data/itineraries-repo";
import { decodeCursor, paginate } from "../../data/pagination";
import type { ServiceContext } from "../context";
import { requireActor } from "../scope";
import { loadWithHospital } from "./load";
import { isOwner, listScope } from "./policy";
import { itineraryView } from "./view";
import type { ItineraryIdInput, ListItinerariesInput } from "./schemas";

/** One itinerary the caller may read, as the API shows it (404 otherwise). */
export async function getItinerary({ ctx, input }: { ctx: ServiceContext; input: ItineraryIdInput }) {
  const { itn, hospital, feePolicy } = await loadWithHospital(ctx, input.id);
  return itineraryView(ctx, ctx.db, itn, { owner: isOwner(requireActor(ctx), itn) }, { hospital, feePolicy });
}

/** The itineraries the caller may read, newest first, a page at a time. */
export async function listItineraries({ ctx, input }: { ctx: ServiceContext; input: ListItinerariesInput }) {
  const actor = requireActor(ctx);
  const after = decodeCursor(input.cursor, 1);
  const scope = listScope(actor, input);
  if (!scope) return { data: [], nextCursor: null };
  const rows = await repo.listItineraries(ctx.db, { ...scope, status: input.status, after, limit: input.limit });
  const p = paginate(rows, input.limit, (r) => [r.id]);
  const nowIso = ctx.clock.now().toISOString();
  return {
    data: p.data.map((r) => ({
      id: r.id,
      version: r.version,
      status: r.status === "held" && r.hold_expires_at && r.hold_expires_at <= nowIso ? ("draft" as const) : r.status,
      patientId: r.patient_id,
      agencyId: r.agency_id,
      hospitalId: r.hospital_id,
      quoteId: r.quote_id,
      holdExpiresAt: r.status === "held" ? r.hold_expires_at : null,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    })),
    nextCursor: p.nextCursor,
  };
}
