import * as repo from "../../data/itineraries-repo";
import type { ServiceContext } from "../context";
import { loadItinerary } from "./load";
import type { ItineraryIdInput } from "./schemas";

/** Every change of an itinerary, oldest first, as anyone who may read it sees them. */
export async function itineraryHistory({ ctx, input }: { ctx: ServiceContext; input: ItineraryIdInput }) {
  const itn = await loadItinerary(ctx, input.id);
  const rows = await repo.historyOf(ctx.db, itn.id);
  return {
    itineraryId: itn.id,
    data: rows.map((h) => ({
      version: h.version,
      action: h.action,
      at: h.at,
      actor: { userId: h.actor_user_id, role: h.actor_role },
      summary: h.summary,
      reason: h.reason ?? null,
      before: h.before ? (JSON.parse(h.before) as unknown) : null,
      after: h.after ? (JSON.parse(h.after) as unknown) : null,
    })),
  };
}
