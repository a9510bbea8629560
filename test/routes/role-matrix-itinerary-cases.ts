import { T } from "../helpers/tokens";
import {
  type Case,
  confirmedItinerary,
  EVERYONE,
  H,
  heldItinerary,
  ifMatch,
  newItinerary,
  offeredItinerary,
  ok,
  serial,
  SIGNED_IN,
  unique,
  world as w,
} from "./role-matrix-fixtures";

/** Who may call each operation on itineraries: messages, components, change offers, payments, notifications. */
export const ITINERARY_CASES: Record<string, Case> = {
  createItinerary: {
    allowed: ["patient", "agent", "admin"],
    request: (who) => ({
      path: "/v1/itineraries",
      body: {
        ...(who === "patient" ? {} : { patientId: "pat_demo_alexander" }),
        hospitalId: H,
        travelers: [{ fullName: "Alexander Kovalenko", role: "patient" }],
      },
    }),
  },
  listItineraries: { allowed: SIGNED_IN, request: () => ({ path: "/v1/itineraries" }) },
  getItinerary: {
    allowed: SIGNED_IN,
    request: async () => ({ path: `/v1/itineraries/${(await newItinerary(w)).id}` }),
  },
  listItineraryMessages: {
    allowed: SIGNED_IN,
    request: async () => ({ path: `/v1/itineraries/${(await newItinerary(w)).id}/messages` }),
  },
  postItineraryMessage: {
    allowed: SIGNED_IN,
    request: async () => ({
      path: `/v1/itineraries/${(await newItinerary(w)).id}/messages`,
      body: { body: "Hello" },
    }),
  },
  markItineraryMessagesRead: {
    allowed: SIGNED_IN,
    request: async () => ({ path: `/v1/itineraries/${(await newItinerary(w)).id}/messages/read`, body: {} }),
  },
  getItineraryHistory: {
    allowed: SIGNED_IN,
    request: async () => ({ path: `/v1/itineraries/${(await newItinerary(w)).id}/history` }),
  },
  getItineraryCalendar: {
    allowed: SIGNED_IN,
    request: async () => ({ path: `/v1/itineraries/${(await newItinerary(w)).id}/calendar.ics` }),
  },
  addItineraryComponent: {
    allowed: ["patient", "agent", "admin"],
    request: async () => {
      const itn = await newItinerary(w);
      return {
        path: `/v1/itineraries/${itn.id}/components`,
        headers: ifMatch(itn.version),
        body: { type: "tour", departureId: w.tourDepartures[1] },
      };
    },
  },
  replaceItineraryComponent: {
    allowed: ["patient", "agent", "admin"],
    request: async () => {
      const itn = await newItinerary(w);
      return {
        path: `/v1/itineraries/${itn.id}/components/${itn.componentId}`,
        headers: ifMatch(itn.version),
        body: { type: "tour", departureId: w.tourDepartures[1] },
      };
    },
  },
  removeItineraryComponent: {
    allowed: ["patient", "agent", "admin"],
    request: async () => {
      const itn = await newItinerary(w);
      return { path: `/v1/itineraries/${itn.id}/components/${itn.componentId}`, headers: ifMatch(itn.version) };
    },
  },
  createChangeOffer: {
    allowed: ["agent", "admin"],
    request: async () => {
      const itn = await confirmedItinerary(w);
      return { path: `/v1/itineraries/${itn.id}/change-offers`, headers: ifMatch(itn.version), body: itn.offer };
    },
  },
  listChangeOffers: {
    allowed: SIGNED_IN,
    request: async () => ({ path: `/v1/itineraries/${(await offeredItinerary(w)).id}/change-offers` }),
  },
  getChangeOffer: {
    allowed: SIGNED_IN,
    request: async () => {
      const itn = await offeredItinerary(w);
      return { path: `/v1/itineraries/${itn.id}/change-offers/${itn.offerId}` };
    },
  },
  acceptChangeOffer: {
    allowed: ["patient"],
    request: async () => {
      const itn = await offeredItinerary(w);
      return { path: `/v1/itineraries/${itn.id}/change-offers/${itn.offerId}/accept`, headers: ifMatch(itn.version) };
    },
  },
  declineChangeOffer: {
    allowed: ["patient"],
    request: async () => {
      const itn = await offeredItinerary(w);
      return {
        path: `/v1/itineraries/${itn.id}/change-offers/${itn.offerId}/decline`,
        headers: ifMatch(itn.version),
      };
    },
  },
  holdItinerary: {
    allowed: ["patient", "agent", "admin"],
    request: async () => {
      const itn = await newItinerary(w);
      return { path: `/v1/itineraries/${itn.id}/hold`, headers: ifMatch(itn.version) };
    },
  },
  recordBankTransfer: {
    allowed: ["agent", "admin"],
    request: async () => {
      const itn = await heldItinerary(w);
      return {
        path: `/v1/itineraries/${itn.id}/bank-transfers`,
        headers: ifMatch(itn.version),
        body: { reference: "MATRIX-1", amount: itn.outstanding },
      };
    },
  },
  createCardPayment: {
    allowed: ["patient", "agent", "admin"],
    request: async () => ({ path: `/v1/itineraries/${(await heldItinerary(w)).id}/payments` }),
  },
  stripeWebhook: {
    allowed: EVERYONE,
    request: () => ({
      path: "/v1/webhooks/stripe",
      headers: { "Stripe-Signature": "valid" },
      rawBody: JSON.stringify({
        id: `evt_matrix_${unique()}`,
        type: "payment_intent.succeeded",
        created: 1,
        data: { object: { id: "pi_unknown", object: "payment_intent" } },
      }),
    }),
  },
  listDeadNotifications: { allowed: ["admin"], request: () => ({ path: "/v1/notifications/dead" }) },
  retryNotification: {
    allowed: ["admin"],
    request: async () => {
      const id = `ntf_matrix_${serial()}`;
      await w.t.handle.db
        .insertInto("notifications")
        .values({
          id,
          user_id: "usr_demo_alexander",
          kind: "quote_ready",
          language: "ru",
          subject_id: "x",
          payload: "{}",
          status: "dead",
          attempts: 8,
          next_attempt_at: "2026-11-22T10:00:00.000Z",
          created_at: "2026-11-22T10:00:00.000Z",
        })
        .execute();
      return { path: `/v1/notifications/${id}/retry` };
    },
  },
  quoteCancellation: {
    allowed: ["patient", "agent", "admin"],
    request: async () => ({ path: `/v1/itineraries/${(await newItinerary(w)).id}/cancellation-quotes` }),
  },
  cancelItinerary: {
    allowed: ["patient", "agent", "admin"],
    request: async () => {
      const itn = await newItinerary(w);
      const q = await ok(await w.t.call("POST", `/v1/itineraries/${itn.id}/cancellation-quotes`, { token: T.admin }));
      return {
        path: `/v1/itineraries/${itn.id}/cancel`,
        headers: ifMatch(itn.version),
        body: { cancellationQuoteId: q.id },
      };
    },
  },
};
