import * as inventory from "../../data/inventory-repo";
import * as repo from "../../data/itineraries-repo";
import { enqueueNotification } from "../../data/notifications-repo";
import { withTransaction } from "../../data/unit-of-work";
import type { ServiceContext } from "../context";
import type { Db } from "./types";
import { summaryOf } from "../../domain/itineraries/history-summary";

/** Gives a held itinerary's inventory back and makes it a draft again, inside the caller's transaction. */
export async function releaseHold(trx: Db, itn: { id: string; version: number }, now: Date): Promise<boolean> {
  const held = (await inventory.activeReservations(trx, itn.id)).filter((r) => r.status === "held");
  await inventory.releaseReservations(trx, held, now);
  return repo.bumpVersion(trx, itn.id, itn.version, {
    status: "draft",
    hold_expires_at: null,
    updated_at: now.toISOString(),
  });
}

/** A held itinerary whose hold ran out goes back to draft and gives its inventory back, in one transaction. */
export async function expireHold(ctx: ServiceContext, id: string): Promise<boolean> {
  const now = ctx.clock.now();
  return withTransaction(ctx, async ({ db: trx }) => {
    const itn = await repo.findItinerary(trx, id);
    if (!itn || itn.status !== "held" || !itn.hold_expires_at || itn.hold_expires_at > now.toISOString()) return false;
    if (!(await releaseHold(trx, itn, now))) return false;
    await repo.insertHistory(trx, {
      itineraryId: id,
      version: itn.version + 1,
      action: "hold_expired",
      actorUserId: null,
      actorRole: "system",
      at: now,
      summary: summaryOf.holdExpired(itn.hold_expires_at),
      before: { status: "held" },
      after: { status: "draft" },
    });
    await enqueueNotification(trx, {
      userId: itn.patient_user_id,
      kind: "itinerary_hold_expired",
      language: itn.patient_language,
      subjectId: id,
      payload: { itineraryId: id, expiredAt: itn.hold_expires_at },
      now,
    });
    return true;
  });
}

/** Releases every expired hold; the Node entry runs it periodically, tests call it with an injected clock. */
export async function sweepExpiredHolds(ctx: ServiceContext): Promise<number> {
  let n = 0;
  for (;;) {
    const ids = await inventory.expiredHolds(ctx.db, ctx.clock.now().toISOString());
    if (ids.length === 0) return n;
    for (const id of ids) if (await expireHold(ctx, id)) n++;
    if (ids.length < 100) return n;
  }
}
