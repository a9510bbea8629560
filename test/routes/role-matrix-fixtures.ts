import { expect } from "vitest";
import { fakePayments } from "../helpers/fake-payments";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

/** What the role matrix's cases share: who asks, with which token, and builders of the objects they act on. */

export type Who = "anonymous" | "patient" | "agent" | "clinician" | "billing" | "admin";
export const WHO: Who[] = ["anonymous", "patient", "agent", "clinician", "billing", "admin"];
/** The patient is Alexander: in agency Silk Road Care (the demo agent's), so the same objects serve every role. */
export const TOKENS: Record<Who, string | undefined> = {
  anonymous: undefined,
  patient: T.alexander,
  agent: T.agent,
  clinician: T.clinician,
  billing: T.billing,
  admin: T.admin,
};
export const EVERYONE: Who[] = WHO;
export const SIGNED_IN: Who[] = ["patient", "agent", "clinician", "billing", "admin"];
export const H = "hsp_xjph";

let n = 0;
/** A number not used before in this file's run. */
export const serial = () => ++n;
export const unique = () => `matrix${serial()}@example.kz`;

export interface Req {
  path: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}
export interface Case {
  /** Who may; everyone else gets 401 (anonymous) or 403 (a role that may not). */
  allowed: Who[];
  request: (who: Who) => Req | Promise<Req>;
}

/** The app and the objects every case may use; filled in before the first case runs. */
export interface MatrixWorld {
  t: TestApp;
  quoteId: string;
  affirmation: { payload: string; signature: string; keyId: string };
  /** Free video slots of the demo clinician's department; each case that schedules takes one. */
  freeSlots: string[];
  /** Low-intensity tour departures in Urumqi on 2026-12-20, with room for every case. */
  tourDepartures: string[];
}

/** The world of this file's run, read by the cases when they run: filled by `openMatrixWorld` first. */
export const world = {} as MatrixWorld;

export async function ok(res: Response): Promise<any> {
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res.json();
}

/** A fresh consultation of Alexander's at the demo clinician's hospital. */
export async function newConsultation(w: MatrixWorld): Promise<string> {
  const c = await ok(
    await w.t.call("POST", "/v1/consultations", {
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

export async function scheduledConsultation(w: MatrixWorld): Promise<string> {
  const id = await newConsultation(w);
  await ok(
    await w.t.call("POST", `/v1/consultations/${id}/schedule`, {
      token: T.admin,
      body: { slotId: w.freeSlots.shift() },
    }),
  );
  return id;
}

/** A fresh draft itinerary of Alexander's with one tour. */
export async function newItinerary(w: MatrixWorld): Promise<{ id: string; version: number; componentId: string }> {
  const itn = await ok(
    await w.t.call("POST", "/v1/itineraries", {
      token: T.alexander,
      body: {
        hospitalId: H,
        travelers: [{ fullName: "Alexander Kovalenko", role: "patient" }],
        components: [{ type: "tour", departureId: w.tourDepartures[0] }],
      },
    }),
  );
  return { id: itn.id, version: itn.version, componentId: itn.components[0].id };
}

export async function heldItinerary(w: MatrixWorld) {
  const itn = await newItinerary(w);
  const held = await ok(
    await w.t.call("POST", `/v1/itineraries/${itn.id}/hold`, {
      token: T.admin,
      headers: { "If-Match": `"${itn.version}"` },
    }),
  );
  return { ...itn, version: held.version as number, outstanding: held.balance.outstanding };
}

export const ifMatch = (v: number) => ({ "If-Match": `"${v}"` });
/** A confirmed itinerary (held and paid by bank transfer) and the body of an offer moving its tour. */
export async function confirmedItinerary(w: MatrixWorld) {
  const itn = await heldItinerary(w);
  const paid = await ok(
    await w.t.call("POST", `/v1/itineraries/${itn.id}/bank-transfers`, {
      token: T.admin,
      headers: ifMatch(itn.version),
      body: { reference: `MATRIX-${itn.id}`, amount: itn.outstanding },
    }),
  );
  const offer = {
    change: {
      action: "replace",
      componentId: itn.componentId,
      component: { type: "tour", departureId: w.tourDepartures[1] },
    },
    reason: "Another departure of the tour.",
  };
  return { ...itn, version: paid.version as number, offer };
}
/** A confirmed itinerary with an open change offer, made by the agent. */
export async function offeredItinerary(w: MatrixWorld) {
  const itn = await confirmedItinerary(w);
  const offer = await ok(
    await w.t.call("POST", `/v1/itineraries/${itn.id}/change-offers`, {
      token: T.agent,
      headers: ifMatch(itn.version),
      body: itn.offer,
    }),
  );
  return { ...itn, offerId: offer.id as string };
}

export const itemsBody = { hospitalId: H, serviceDate: "2026-12-03", items: [{ code: "CARD-CABG", quantity: 1 }] };

/** Fills `world`: a fresh app, tour departures with room for all, free slots, a signed quote. */
export async function openMatrixWorld(): Promise<MatrixWorld> {
  const w = world;
  w.t = await createTestApp({ payments: fakePayments() });
  const tours = await ok(await w.t.call("GET", "/v1/tours?city=Urumqi&date=2026-12-20&language=ru&intensity=low"));
  w.tourDepartures = tours.data.map((d: { departureId: string }) => d.departureId);
  expect(w.tourDepartures.length).toBeGreaterThan(1);
  // Every case holds its own tour places (change offers' cases confirm trips and hold more): room for all.
  await w.t.handle.db
    .updateTable("tour_departures")
    .set({ capacity: 1000 })
    .where("id", "in", w.tourDepartures)
    .execute();
  const slots = await ok(
    await w.t.call("GET", `/v1/hospitals/${H}/consultation-slots?department=cardiac_surgery&mode=video&limit=100`),
  );
  w.freeSlots = slots.data.map((s: { id: string }) => s.id);
  const q = await ok(
    await w.t.call("POST", "/v1/quotes", { token: T.admin, body: { ...itemsBody, patientId: "pat_demo_alexander" } }),
  );
  w.quoteId = q.id;
  w.affirmation = q.parityAffirmation;
  return w;
}
