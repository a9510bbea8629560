import { expect } from "vitest";
import { type Itinerary, ItinerarySchema } from "../../src/routes/itineraries/schemas";
import { cardiacPatient, demoComponents, H, lowTourDeparture, ok, quotedCabg } from "../helpers/itinerary-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

/** What the component-change tests share: two patients, two tour departures, the demo journey in any state. */

export type State = "draft" | "held" | "confirmed";
export type Kind = "consultation" | "treatment" | "flight" | "transfer" | "lodging" | "tour";
/** `patient`: signed up by their agency (like Alexander); `self`: no agency (Anar, self sign-up). */
export type Who = "patient" | "self" | "agent";

export const MINIVAN = "trp_urc_xjph_minivan";
export const ROOM = "rmt_urc_yindu_std";
export const RETURN_FLIGHT = "flt_kc872_20261224";
export const LATER_FLIGHT = "flt_kc872_20261225";

export interface ChangesWorld {
  t: TestApp;
  patient: Awaited<ReturnType<typeof cardiacPatient>>;
  anar: Awaited<ReturnType<typeof quotedCabg>>;
  tour20: string;
  tour21: string;
  /** A second consultation of each patient, for adding and replacing consultations. */
  otherConsultation: Record<"patient" | "self", string>;
}

/** A fresh app with both patients quoted, two tour departures, and room for many journeys held at once. */
export async function openChangesWorld(): Promise<ChangesWorld> {
  const t = await createTestApp();
  const patient = await cardiacPatient(t, "component-changes@example.kz");
  const anar = await quotedCabg(t, T.anar);
  const tour20 = await lowTourDeparture(t, "2026-12-20");
  const tour21 = await lowTourDeparture(t, "2026-12-21");
  expect(tour21).not.toBe(tour20);
  const otherConsultation: Record<"patient" | "self", string> = { patient: "", self: "" };
  for (const [who, token] of [
    ["patient", patient.token],
    ["self", anar.token],
  ] as const) {
    otherConsultation[who] = (
      await ok(
        await t.call("POST", "/v1/consultations", {
          token,
          body: {
            hospitalId: H,
            department: "cardiac_surgery",
            mode: "video",
            complaint: "Second opinion",
            language: "ru",
          },
        }),
        201,
      )
    ).id as string;
  }
  // Many journeys are held here at once: make room for all of them (capacity is not what is tested).
  const db = t.handle.db;
  await db.updateTable("transfer_products").set({ vehicles_per_hour: 1000 }).where("id", "=", MINIVAN).execute();
  await db.updateTable("room_types").set({ rooms_total: 1000 }).where("id", "=", ROOM).execute();
  await db.updateTable("hospitals").set({ international_beds: 1000 }).where("id", "=", H).execute();
  await db.updateTable("tour_departures").set({ capacity: 1000 }).where("id", "in", [tour20, tour21]).execute();
  await db
    .updateTable("flights")
    .set({ seats_total: 1000, seats_left: 1000 })
    .where("id", "in", ["flt_kc871_20261205", RETURN_FLIGHT, LATER_FLIGHT])
    .execute();
  return { t, patient, anar, tour20, tour21, otherConsultation };
}

export const ifMatch = (itn: { version: number }) => ({ "If-Match": `"${itn.version}"` });

/**
 * The demo journey (every component type) in the given state, made by the patient, held by them, paid
 * by the agent (by an admin for Anar, who has no agency).
 */
export async function journeyIn(w: ChangesWorld, state: State, who: Who = "patient"): Promise<Itinerary> {
  const { t } = w;
  const p = who === "self" ? w.anar : w.patient;
  const components = demoComponents(p.consultationId);
  (components[7] as { departureId: string }).departureId = w.tour20;
  let itn = ItinerarySchema.parse(
    await ok(
      await t.call("POST", "/v1/itineraries", {
        token: p.token,
        body: {
          quoteId: p.quote.id,
          travelers: [
            { fullName: "Dana Bekova", role: "patient" },
            { fullName: "Aigerim Bekova", role: "companion", languages: ["ru", "kk"] },
          ],
          components,
        },
      }),
      201,
    ),
  );
  if (state === "draft") return itn;
  itn = ItinerarySchema.parse(
    await ok(await t.call("POST", `/v1/itineraries/${itn.id}/hold`, { token: p.token, headers: ifMatch(itn) })),
  );
  if (state === "held") return itn;
  return ItinerarySchema.parse(
    await ok(
      await t.call("POST", `/v1/itineraries/${itn.id}/bank-transfers`, {
        token: who === "self" ? T.admin : T.agent,
        headers: ifMatch(itn),
        body: { reference: `BANK-${itn.id}`, amount: itn.balance.outstanding },
      }),
    ),
  );
}

/** The component a replace or remove acts on: for flights the return flight, otherwise the first of its type. */
export function target(itn: Itinerary, kind: Kind) {
  if (kind === "flight")
    return itn.components.find(
      (c) => c.type === "flight" && (c.details as { flightId: string }).flightId === RETURN_FLIGHT,
    )!;
  return itn.components.find((c) => c.type === kind)!;
}
