import type { PaymentEvent, Payments } from "../../src/ports/payments";

/** A Payments port that never leaves the process (role matrix, quick route tests). Signature "valid" verifies. */
export function fakePayments(): Payments {
  let n = 0;
  return {
    checkoutOrigin: "https://checkout.fake.test",
    async createCheckoutSession({ amount, currency }) {
      const id = `cs_fake_${++n}`;
      return { id, url: `https://checkout.fake.test/pay/${id}`, status: "open", amount, currency };
    },
    async createPaymentIntent({ amount, currency }) {
      const id = `pi_fake_${++n}`;
      return { id, clientSecret: `${id}_secret_x`, status: "requires_payment_method", amount, currency };
    },
    async refund({ amount }) {
      return { id: `re_fake_${++n}`, status: "succeeded", amount };
    },
    async verifyWebhook(rawBody, signature) {
      if (signature !== "valid") throw new Error("bad signature");
      const e = JSON.parse(rawBody) as {
        id: string;
        type: string;
        created: number;
        data: { object: PaymentEvent["object"] };
      };
      return { id: e.id, type: e.type, created: e.created, object: e.data.object };
    },
  };
}
