import { expect } from "vitest";
import type { TestApp } from "./test-app";
import { T } from "./tokens";

export async function ok(res: Response, status = 200): Promise<any> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text);
}

export const H = "hsp_xjph";

/**
 * The demo patient of the itinerary issue: from Almaty, in the demo agent's agency, with a
 * completed cardiac consultation (CABG, 10 inpatient nights, fit to fly after 7 days,
 * no strenuous activity for 30 days) and its quote.
 */
export async function cardiacPatient(t: TestApp, email: string) {
  const signUp = await ok(
    await t.call("POST", "/v1/patients", {
      token: T.agent,
      body: {
        fullName: "Dana Bekova",
        email,
        nationality: "KZ",
        homeCity: "Almaty",
        language: "ru",
        languages: ["kk"],
        currency: "KZT",
        passportNumber: "N12345678",
      },
    }),
    201,
  );
  return { ...(await quotedCabg(t, signUp.token as string)), patientId: signUp.patient.id as string };
}

/** The cardiac consultation (scheduled, recommended) and its quote, for the patient signed in with `token`. */
export async function quotedCabg(t: TestApp, token: string) {
  const c = await ok(
    await t.call("POST", "/v1/consultations", {
      token,
      body: {
        hospitalId: H,
        department: "cardiac_surgery",
        mode: "video",
        complaint: "Three-vessel disease",
        language: "ru",
      },
    }),
    201,
  );
  const slots = await ok(
    await t.call("GET", `/v1/hospitals/${H}/consultation-slots?department=cardiac_surgery&mode=video&limit=100`),
  );
  let scheduled = false;
  for (const s of slots.data as { id: string }[]) {
    const r = await t.call("POST", `/v1/consultations/${c.id}/schedule`, {
      token: T.clinician,
      body: { slotId: s.id },
    });
    if (r.status === 200) {
      scheduled = true;
      break;
    }
  }
  expect(scheduled).toBe(true);
  await ok(
    await t.call("POST", `/v1/consultations/${c.id}/recommendation`, {
      token: T.clinician,
      body: {
        items: [
          { code: "CARD-CABG", quantity: 1 },
          { code: "BED-ICU", quantity: 2 },
          { code: "BED-WARD", quantity: 8 },
        ],
        admissionDate: "2026-12-07",
        inpatientNights: 10,
        fitToFlyDays: 7,
        activityRestrictions: [{ activity: "strenuous", days: 30 }],
      },
    }),
  );
  const quote = await ok(await t.call("POST", "/v1/quotes", { token, body: { consultationId: c.id } }), 201);
  return { token, consultationId: c.id as string, quote };
}

/**
 * The demo journey's components: Almaty → Urumqi on 5 Dec, home on 24 Dec. `slot` moves both
 * airport transfers by whole hours (vehicles are finite per hour, so many journeys need spreading).
 */
export function demoComponents(consultationId: string, slot = 0) {
  const hh = (h: number) => String(h).padStart(2, "0");
  return [
    { type: "consultation", consultationId },
    { type: "treatment" },
    { type: "flight", flightId: "flt_kc871_20261205" }, // ALA → URC, lands 13:25 Beijing time
    {
      type: "transfer",
      productId: "trp_urc_xjph_minivan",
      pickupAt: `2026-12-05T${hh(14 + slot)}:30:00+08:00`,
      direction: "arrival",
    },
    { type: "lodging", roomTypeId: "rmt_urc_yindu_std", checkIn: "2026-12-05", checkOut: "2026-12-07" },
    {
      type: "lodging",
      roomTypeId: "rmt_urc_yindu_std",
      checkIn: "2026-12-07",
      checkOut: "2026-12-17",
      travelerIds: ["t2"],
    },
    { type: "lodging", roomTypeId: "rmt_urc_yindu_std", checkIn: "2026-12-17", checkOut: "2026-12-24" },
    { type: "tour", departureId: "" }, // filled in by the caller: a low-intensity Russian tour on 20 Dec
    {
      type: "transfer",
      productId: "trp_urc_xjph_minivan",
      pickupAt: `2026-12-24T${hh(11 - slot)}:30:00+08:00`,
      direction: "departure",
    },
    { type: "flight", flightId: "flt_kc872_20261224" }, // URC 14:50 Beijing time → ALA
  ];
}

export async function lowTourDeparture(t: TestApp, date: string): Promise<string> {
  const tours = await ok(
    await t.call("GET", `/v1/tours?city=Urumqi&date=${date}&language=ru&intensity=low&participants=2`),
  );
  expect(tours.data.length).toBeGreaterThan(0);
  return tours.data[0].departureId as string;
}
