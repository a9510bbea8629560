import * as repo from "../../data/itineraries-repo";
import * as payments from "../../data/payments-repo";
import { enqueueNotification } from "../../data/notifications-repo";
import type { ServiceContext } from "../context";
import { withUnitOfWork } from "../../data/unit-of-work";

/**
 * Sends pending card refunds to Stripe, each with an idempotency key of its own row, so running
 * twice (a retry, two instances) refunds once. A failure leaves the row pending for the next run.
 */
export async function processRefunds(
  ctx: Pick<ServiceContext, "db" | "clock" | "logger" | "payments">,
  itineraryId?: string,
): Promise<number> {
  if (!ctx.payments) return 0;
  let done = 0;
  for (const r of await payments.pendingCardRefunds(ctx.db, itineraryId)) {
    const charge = await payments.latestCardCharge(ctx.db, r.itinerary_id);
    if (!charge?.provider_ref) continue;
    try {
      const refund = await ctx.payments.refund({
        paymentIntentId: charge.provider_ref,
        amount: r.amount,
        metadata: { itineraryId: r.itinerary_id, refundId: r.id },
        idempotencyKey: `caravan:refund:${r.id}`,
      });
      const now = ctx.clock.now();
      await withUnitOfWork(ctx.db, async (trx) => {
        if (!(await payments.markRefundSent(trx, r.id, refund.id, now.toISOString()))) return;
        const itn = (await repo.findItinerary(trx, r.itinerary_id))!;
        await enqueueNotification(trx, {
          userId: itn.patient_user_id,
          kind: "refund",
          language: itn.patient_language,
          subjectId: itn.id,
          payload: { itineraryId: itn.id, amount: { amount: r.amount, currency: r.currency } },
          now,
        });
      });
      done++;
    } catch (err) {
      ctx.logger.warn("refund not sent yet", { refundId: r.id, error: err instanceof Error ? err.name : "unknown" });
      await payments.updatePayment(ctx.db, r.id, { failure_reason: "provider unavailable; will retry" });
    }
  }
  return done;
}
