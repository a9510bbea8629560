import * as repo from "../../data/itineraries-repo";
import { enqueueNotification } from "../../data/notifications-repo";
import type { ServiceContext } from "../context";
import { withUnitOfWork } from "../../data/unit-of-work";

/**
 * Sends pending card refunds to Stripe, each with an idempotency key of its own row, so running
 * twice (a retry, two instances) refunds once. A failure leaves the row pending for the next run.
 */
export async function processRefunds(ctx: Pick<ServiceContext, "db" | "clock" | "logger" | "payments">, itineraryId?: string): Promise<number> {
  if (!ctx.payments) return 0;
  let q = ctx.db.selectFrom("payments").selectAll().where("kind", "=", "refund").where("method", "=", "card").where("status", "=", "pending");
  if (itineraryId) q = q.where("itinerary_id", "=", itineraryId);
  let done = 0;
  for (const r of await q.orderBy("id").execute()) {
    const charge = await ctx.db
      .selectFrom("payments")
      .select(["provider_ref"])
      .where("itinerary_id", "=", r.itinerary_id)
      .where("kind", "=", "payment")
      .where("method", "=", "card")
      .where("status", "=", "succeeded")
      .orderBy("id", "desc")
      .executeTakeFirst();
    if (!charge?.provider_ref) continue;
    try {
      const refund = await ctx.payments.refund({ paymentIntentId: charge.provider_ref, amount: r.amount, metadata: { itineraryId: r.itinerary_id, refundId: r.id }, idempotencyKey: `caravan:refund:${r.id}` });
      const now = ctx.clock.now();
      await withUnitOfWork(ctx.db, async (trx) => {
        const moved = await trx.updateTable("payments").set({ status: "succeeded", provider_ref: refund.id, updated_at: now.toISOString() }).where("id", "=", r.id).where("status", "=", "pending").executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) return;
        const itn = (await repo.findItinerary(trx, r.itinerary_id))!;
        await enqueueNotification(trx, { userId: itn.patient_user_id, kind: "refund", language: itn.patient_language, subjectId: itn.id, payload: { itineraryId: itn.id, amount: { amount: r.amount, currency: r.currency } }, now });
      });
      done++;
    } catch (err) {
      ctx.logger.warn("refund not sent yet", { refundId: r.id, error: err instanceof Error ? err.name : "unknown" });
      await ctx.db.updateTable("payments").set({ failure_reason: "provider unavailable; will retry" }).where("id", "=", r.id).execute();
    }
  }
  return done;
}

