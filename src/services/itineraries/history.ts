import * as repo from "../../data/itineraries-repo";
import type { LoadedItinerary } from "../../data/itineraries-repo";
import { enqueueNotification, type NotificationKind } from "../../data/notifications-repo";
import type { ServiceContext } from "../context";
import { loadItinerary, type Snapshot, snapshot } from "./load";
import type { Uow } from "./types";
import type { ItineraryIdInput } from "./schemas";

/** One entry of an itinerary's history: what was done, by whom, with the itinerary before and after. */
export interface HistoryEntry {
  action: string;
  summary: string;
  before: unknown;
  /** The patient is told of the change, unless null. */
  notify: NotificationKind | null;
  /** More for the notification's payload. */
  extra?: Record<string, unknown>;
  /** Version and "after" when the caller knows them (a change that moves neither components nor prices). */
  known?: { version: number; after: Snapshot };
  /** The reason the agent gave (≤ 500 characters). */
  reason?: string;
}

/** Writes the history entry and the notification of a change just made in the unit of work. */
export async function record(uow: Uow, itn: LoadedItinerary, entry: HistoryEntry) {
  // Changes made by the system itself (a payment webhook, the sweeper) have no signed-in actor.
  const actor = uow.actor ?? { userId: null, role: "system" };
  const now = uow.clock.now();
  const trx = uow.db;
  let version: number;
  let after: Snapshot;
  if (entry.known) ({ version, after } = entry.known);
  else {
    const fresh = (await repo.findItinerary(trx, itn.id))!;
    version = fresh.version;
    after = await snapshot(uow, trx, fresh);
  }
  const { action, summary, before } = entry;
  await repo.insertHistory(trx, {
    itineraryId: itn.id,
    version,
    action,
    actorUserId: actor.userId,
    actorRole: actor.role,
    at: now,
    summary,
    before,
    after,
    reason: entry.reason ?? null,
  });
  if (!entry.notify) return;
  await enqueueNotification(trx, {
    userId: itn.patient_user_id,
    kind: entry.notify,
    language: itn.patient_language,
    subjectId: itn.id,
    payload: {
      itineraryId: itn.id,
      version,
      summary,
      dueNow: after.totals.dueNow,
      grandTotal: after.totals.grandTotal,
      ...(entry.reason ? { reason: entry.reason } : {}),
      ...entry.extra,
    },
    now,
  });
}

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
