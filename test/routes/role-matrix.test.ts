import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakePayments } from "../helpers/fake-payments";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

type Who = "anonymous" | "patient" | "agent" | "clinician" | "billing" | "admin";
const WHO: Who[] = ["anonymous", "patient", "agent", "clinician", "billing", "admin"];
/** The patient is Alexander: in agency Silk Road Care (the demo agent's), so the same objects serve every role. */
const TOKENS: Record<Who, string | undefined> = {
  anonymous: undefined,
  patient: T.alexander,
  agent: T.agent,
  clinician: T.clinician,
  billing: T.billing,
  admin: T.admin,
};
const EVERYONE: Who[] = WHO;
const SIGNED_IN: Who[] = ["patient", "agent", "clinician", "billing", "admin"];
const H = "hsp_xjph";

let n = 0;
const unique = () => `matrix${++n}@example.kz`;

interface Req {
  path: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}
interface Case {
  /** Who may; everyone else gets 401 (anonymous) or 403 (a role that may not). */
  allowed: Who[];
  request: (who: Who) => Req | Promise<Req>;
}

let t: TestApp;
let quoteId = "";
let affirmation: { payload: string; signature: string; keyId: string };
let freeSlots: string[] = [];

async function ok(res: Response): Promise<any> {
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res.json();
}

/** A fresh consultation of Alexander's at the demo clinician's hospital. */
async function newConsultation(): Promise<string> {
  const c = await ok(
    await t.call("POST", "/v1/consultations", {
      token: T.alexander,
      body: {
        hospitalId: H,
        department: "cardiac_surgery",
        mode: "video",
        complaint: "Chest pain on exertion",
        language: "ru",
      },
    }),
  );
  return c.id;
}

async function scheduledConsultation(): Promise<string> {
  const id = await newConsultation();
  await ok(
    await t.call("POST", `/v1/consultations/${id}/schedule`, { token: T.admin, body: { slotId: freeSlots.shift() } }),
  );
  return id;
}

let tourDepartures: string[] = [];

/** A fresh draft itinerary of Alexander's with one tour. */
async function newItinerary(): Promise<{ id: string; version: number; componentId: string }> {
  const itn = await ok(
    await t.call("POST", "/v1/itineraries", {
      token: T.alexander,
      body: {
        hospitalId: H,
        travelers: [{ fullName: "Alexander Kovalenko", role: "patient" }],
        components: [{ type: "tour", departureId: tourDepartures[0] }],
      },
    }),
  );
  return { id: itn.id, version: itn.version, componentId: itn.components[0].id };
}

async function heldItinerary() {
  const itn = await newItinerary();
  const held = await ok(
    await t.call("POST", `/v1/itineraries/${itn.id}/hold`, {
      token: T.admin,
      headers: { "If-Match": `"${itn.version}"` },
    }),
  );
  return { ...itn, version: held.version as number, outstanding: held.balance.outstanding };
}

const ifMatch = (v: number) => ({ "If-Match": `"${v}"` });

/** A confirmed itinerary (held and paid by bank transfer) and the body of an offer moving its tour. */
async function confirmedItinerary() {
  const itn = await heldItinerary();
  const paid = await ok(
    await t.call("POST", `/v1/itineraries/${itn.id}/bank-transfers`, {
      token: T.admin,
      headers: ifMatch(itn.version),
      body: { reference: `MATRIX-${itn.id}`, amount: itn.outstanding },
    }),
  );
  const offer = {
    change: {
      action: "replace",
      componentId: itn.componentId,
      component: { type: "tour", departureId: tourDepartures[1] },
    },
    reason: "Another departure of the tour.",
  };
  return { ...itn, version: paid.version as number, offer };
}

/** A confirmed itinerary with an open change offer, made by the agent. */
async function offeredItinerary() {
  const itn = await confirmedItinerary();
  const offer = await ok(
    await t.call("POST", `/v1/itineraries/${itn.id}/change-offers`, {
      token: T.agent,
      headers: ifMatch(itn.version),
      body: itn.offer,
    }),
  );
  return { ...itn, offerId: offer.id as string };
}

const itemsBody = { hospitalId: H, serviceDate: "2026-12-03", items: [{ code: "CARD-CABG", quantity: 1 }] };

/**
 * Every operation in the contract, and who may call it. The test fails when an
 * operation is missing here, or when anyone outside `allowed` gets through.
 */
const MATRIX: Record<string, Case> = {
  getHealth: { allowed: EVERYONE, request: () => ({ path: "/health" }) },
  getDocs: { allowed: EVERYONE, request: () => ({ path: "/docs" }) },
  listHospitals: { allowed: EVERYONE, request: () => ({ path: "/v1/hospitals" }) },
  getHospital: { allowed: EVERYONE, request: () => ({ path: `/v1/hospitals/${H}` }) },
  listTreatments: { allowed: EVERYONE, request: () => ({ path: `/v1/hospitals/${H}/treatments?date=2026-12-01` }) },
  listAirports: { allowed: EVERYONE, request: () => ({ path: "/v1/airports" }) },
  searchFlights: {
    allowed: EVERYONE,
    request: () => ({ path: "/v1/flights?origin=ALA&destination=URC&date=2026-12-01" }),
  },
  searchTransfers: { allowed: EVERYONE, request: () => ({ path: "/v1/transfers?airport=URC" }) },
  searchLodging: {
    allowed: EVERYONE,
    request: () => ({ path: `/v1/lodging?hospitalId=${H}&checkIn=2026-12-01&checkOut=2026-12-03` }),
  },
  searchTours: { allowed: EVERYONE, request: () => ({ path: "/v1/tours?city=Urumqi" }) },
  listAgencies: { allowed: EVERYONE, request: () => ({ path: "/v1/agencies" }) },
  listFxRates: { allowed: EVERYONE, request: () => ({ path: "/v1/fx-rates" }) },
  createPatient: {
    allowed: ["anonymous", "agent", "admin"],
    request: () => ({
      path: "/v1/patients",
      body: {
        fullName: "Matrix Patient",
        email: unique(),
        nationality: "KZ",
        homeCity: "Almaty",
        language: "ru",
        currency: "KZT",
      },
    }),
  },
  listPatients: { allowed: ["agent", "admin"], request: () => ({ path: "/v1/patients" }) },
  getPatient: { allowed: ["patient", "agent", "admin"], request: () => ({ path: "/v1/patients/pat_demo_alexander" }) },
  getMe: { allowed: SIGNED_IN, request: () => ({ path: "/v1/me" }) },
  createUser: {
    allowed: ["admin"],
    request: () => ({
      path: "/v1/users",
      body: { role: "agent", displayName: "Matrix Agent", email: unique(), agencyId: "agy_silkroad" },
    }),
  },
  listConsultationSlots: {
    allowed: EVERYONE,
    request: () => ({ path: `/v1/hospitals/${H}/consultation-slots?department=cardiac_surgery` }),
  },
  createConsultation: {
    allowed: ["patient", "agent", "admin"],
    request: (who) => ({
      path: "/v1/consultations",
      body: {
        ...(who === "patient" ? {} : { patientId: "pat_demo_alexander" }),
        hospitalId: H,
        department: "cardiac_surgery",
        mode: "video",
        complaint: "Shortness of breath",
        language: "ru",
      },
    }),
  },
  listConsultations: {
    allowed: ["patient", "agent", "clinician", "admin"],
    request: () => ({ path: "/v1/consultations" }),
  },
  getConsultation: {
    allowed: ["patient", "agent", "clinician", "admin"],
    request: async () => ({ path: `/v1/consultations/${await newConsultation()}` }),
  },
  scheduleConsultation: {
    allowed: ["clinician", "agent", "admin"],
    request: async () => ({
      path: `/v1/consultations/${await newConsultation()}/schedule`,
      body: { slotId: freeSlots.shift() },
    }),
  },
  recordRecommendation: {
    allowed: ["clinician"],
    request: async () => ({
      path: `/v1/consultations/${await scheduledConsultation()}/recommendation`,
      body: {
        items: [{ code: "CARD-CABG", quantity: 1 }],
        admissionDate: "2026-12-03",
        inpatientNights: 10,
        fitToFlyDays: 7,
      },
    }),
  },
  cancelConsultation: {
    allowed: ["patient", "agent", "clinician", "admin"],
    request: async () => ({ path: `/v1/consultations/${await newConsultation()}/cancel`, body: { reason: "matrix" } }),
  },
  publishTariff: {
    allowed: ["billing", "admin"],
    request: () => ({
      path: `/v1/hospitals/${H}/tariffs`,
      body: {
        effectiveFrom: "2027-06-01",
        items: [
          {
            code: "CARD-CABG",
            name: { en: "CABG" },
            department: "cardiac_surgery",
            kind: "procedure",
            unit: "per procedure",
            unitPrice: 10_200_000,
          },
        ],
      },
    }),
  },
  validateTariffUpload: {
    allowed: ["billing", "admin"],
    request: () => ({
      path: `/v1/hospitals/${H}/tariffs/validate?effectiveFrom=2027-06-01`,
      rawBody: "code,name_en,kind,unit,unit_price,department\nCARD-CABG,CABG,procedure,each,102000,cardiac_surgery\n",
      headers: { "Content-Type": "text/csv" },
    }),
  },
  previewTariffUpload: {
    allowed: ["billing", "admin"],
    request: () => ({
      path: `/v1/hospitals/${H}/tariffs/preview`,
      body: {
        csv: "code,name_en,kind,unit,unit_price,department\nCARD-CABG,CABG,procedure,each,102000,cardiac_surgery\n",
        effectiveFrom: "2027-06-01",
      },
    }),
  },
  listTariffs: { allowed: EVERYONE, request: () => ({ path: `/v1/hospitals/${H}/tariffs` }) },
  getTariff: { allowed: EVERYONE, request: () => ({ path: `/v1/hospitals/${H}/tariffs/1` }) },
  getPriceFile: { allowed: EVERYONE, request: () => ({ path: `/v1/hospitals/${H}/price-file` }) },
  createQuote: {
    allowed: ["patient", "agent", "clinician", "admin"],
    request: async (who) => {
      if (who === "clinician") {
        const id = await scheduledConsultation();
        await ok(
          await t.call("POST", `/v1/consultations/${id}/recommendation`, {
            token: T.clinician,
            body: {
              items: [{ code: "CARD-CABG", quantity: 1 }],
              admissionDate: "2026-12-03",
              inpatientNights: 10,
              fitToFlyDays: 7,
            },
          }),
        );
        return { path: "/v1/quotes", body: { consultationId: id } };
      }
      return {
        path: "/v1/quotes",
        body: { ...itemsBody, ...(who === "patient" ? {} : { patientId: "pat_demo_alexander" }) },
      };
    },
  },
  listQuotes: { allowed: SIGNED_IN, request: () => ({ path: "/v1/quotes" }) },
  getQuote: { allowed: SIGNED_IN, request: () => ({ path: `/v1/quotes/${quoteId}` }) },
  getParityReport: {
    allowed: ["billing", "admin"],
    request: () => ({ path: `/v1/hospitals/${H}/parity-report?from=2026-01-01&to=2027-12-31` }),
  },
  createParityCheck: {
    allowed: ["billing", "admin"],
    request: () => ({
      path: `/v1/hospitals/${H}/parity-checks`,
      body: { lines: [{ code: "CARD-CABG", serviceDate: "2026-12-03", unitPrice: 9_800_000 }] },
    }),
  },
  getParityKeys: { allowed: EVERYONE, request: () => ({ path: "/v1/parity/keys" }) },
  verifyParity: { allowed: EVERYONE, request: () => ({ path: "/v1/parity/verify", body: affirmation }) },
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
  getItinerary: { allowed: SIGNED_IN, request: async () => ({ path: `/v1/itineraries/${(await newItinerary()).id}` }) },
  listItineraryMessages: {
    allowed: SIGNED_IN,
    request: async () => ({ path: `/v1/itineraries/${(await newItinerary()).id}/messages` }),
  },
  postItineraryMessage: {
    allowed: SIGNED_IN,
    request: async () => ({ path: `/v1/itineraries/${(await newItinerary()).id}/messages`, body: { body: "Hello" } }),
  },
  markItineraryMessagesRead: {
    allowed: SIGNED_IN,
    request: async () => ({ path: `/v1/itineraries/${(await newItinerary()).id}/messages/read`, body: {} }),
  },
  getItineraryHistory: {
    allowed: SIGNED_IN,
    request: async () => ({ path: `/v1/itineraries/${(await newItinerary()).id}/history` }),
  },
  getItineraryCalendar: {
    allowed: SIGNED_IN,
    request: async () => ({ path: `/v1/itineraries/${(await newItinerary()).id}/calendar.ics` }),
  },
  addItineraryComponent: {
    allowed: ["patient", "agent", "admin"],
    request: async () => {
      const itn = await newItinerary();
      return {
        path: `/v1/itineraries/${itn.id}/components`,
        headers: ifMatch(itn.version),
        body: { type: "tour", departureId: tourDepartures[1] },
      };
    },
  },
  replaceItineraryComponent: {
    allowed: ["patient", "agent", "admin"],
    request: async () => {
      const itn = await newItinerary();
      return {
        path: `/v1/itineraries/${itn.id}/components/${itn.componentId}`,
        headers: ifMatch(itn.version),
        body: { type: "tour", departureId: tourDepartures[1] },
      };
    },
  },
  removeItineraryComponent: {
    allowed: ["patient", "agent", "admin"],
    request: async () => {
      const itn = await newItinerary();
      return { path: `/v1/itineraries/${itn.id}/components/${itn.componentId}`, headers: ifMatch(itn.version) };
    },
  },
  createChangeOffer: {
    allowed: ["agent", "admin"],
    request: async () => {
      const itn = await confirmedItinerary();
      return { path: `/v1/itineraries/${itn.id}/change-offers`, headers: ifMatch(itn.version), body: itn.offer };
    },
  },
  listChangeOffers: {
    allowed: SIGNED_IN,
    request: async () => ({ path: `/v1/itineraries/${(await offeredItinerary()).id}/change-offers` }),
  },
  getChangeOffer: {
    allowed: SIGNED_IN,
    request: async () => {
      const itn = await offeredItinerary();
      return { path: `/v1/itineraries/${itn.id}/change-offers/${itn.offerId}` };
    },
  },
  acceptChangeOffer: {
    allowed: ["patient"],
    request: async () => {
      const itn = await offeredItinerary();
      return { path: `/v1/itineraries/${itn.id}/change-offers/${itn.offerId}/accept`, headers: ifMatch(itn.version) };
    },
  },
  declineChangeOffer: {
    allowed: ["patient"],
    request: async () => {
      const itn = await offeredItinerary();
      return { path: `/v1/itineraries/${itn.id}/change-offers/${itn.offerId}/decline`, headers: ifMatch(itn.version) };
    },
  },
  holdItinerary: {
    allowed: ["patient", "agent", "admin"],
    request: async () => {
      const itn = await newItinerary();
      return { path: `/v1/itineraries/${itn.id}/hold`, headers: ifMatch(itn.version) };
    },
  },
  recordBankTransfer: {
    allowed: ["agent", "admin"],
    request: async () => {
      const itn = await heldItinerary();
      return {
        path: `/v1/itineraries/${itn.id}/bank-transfers`,
        headers: ifMatch(itn.version),
        body: { reference: "MATRIX-1", amount: itn.outstanding },
      };
    },
  },
  createCardPayment: {
    allowed: ["patient", "agent", "admin"],
    request: async () => ({ path: `/v1/itineraries/${(await heldItinerary()).id}/payments` }),
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
      const id = `ntf_matrix_${++n}`;
      await t.handle.db
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
    request: async () => ({ path: `/v1/itineraries/${(await newItinerary()).id}/cancellation-quotes` }),
  },
  cancelItinerary: {
    allowed: ["patient", "agent", "admin"],
    request: async () => {
      const itn = await newItinerary();
      const q = await ok(await t.call("POST", `/v1/itineraries/${itn.id}/cancellation-quotes`, { token: T.admin }));
      return {
        path: `/v1/itineraries/${itn.id}/cancel`,
        headers: ifMatch(itn.version),
        body: { cancellationQuoteId: q.id },
      };
    },
  },
};

let operations: { id: string; method: string; path: string }[] = [];

beforeAll(async () => {
  t = await createTestApp({ payments: fakePayments() });
  const doc = t.app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "x", version: "x" } });
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, { operationId?: string }>)) {
      if (op?.operationId) operations.push({ id: op.operationId, method, path });
    }
  }
  const tours = await ok(await t.call("GET", "/v1/tours?city=Urumqi&date=2026-12-20&language=ru&intensity=low"));
  tourDepartures = tours.data.map((d: { departureId: string }) => d.departureId);
  expect(tourDepartures.length).toBeGreaterThan(1);
  // Every case holds its own tour places (change offers' cases confirm trips and hold more): room for all.
  await t.handle.db.updateTable("tour_departures").set({ capacity: 1000 }).where("id", "in", tourDepartures).execute();
  const slots = await ok(
    await t.call("GET", `/v1/hospitals/${H}/consultation-slots?department=cardiac_surgery&mode=video&limit=100`),
  );
  freeSlots = slots.data.map((s: { id: string }) => s.id);
  const q = await ok(
    await t.call("POST", "/v1/quotes", { token: T.admin, body: { ...itemsBody, patientId: "pat_demo_alexander" } }),
  );
  quoteId = q.id;
  affirmation = q.parityAffirmation;
});
afterAll(() => t.close());

describe("role matrix", () => {
  it("covers every operation in the contract", () => {
    expect(operations.length).toBeGreaterThan(30);
    expect(operations.map((o) => o.id).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const [id, c] of Object.entries(MATRIX)) {
    for (const who of WHO) {
      const may = c.allowed.includes(who);
      it(`${id} × ${who}: ${may ? "allowed" : "refused"}`, async () => {
        const op = operations.find((o) => o.id === id);
        expect(op, `operation ${id} is in the contract`).toBeDefined();
        const req = await c.request(who);
        const res = await t.call(op!.method.toUpperCase(), req.path, {
          token: TOKENS[who],
          body: req.body,
          rawBody: req.rawBody,
          headers: req.headers,
        });
        if (may) {
          expect(res.status, `${id} as ${who} → ${res.status}: ${await res.clone().text()}`).toBeLessThan(300);
        } else {
          expect(res.status).toBe(who === "anonymous" ? 401 : 403);
        }
      });
    }
  }
});
