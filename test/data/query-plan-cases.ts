import type { Kysely } from "kysely";
import * as catalog from "../../src/data/catalog-repo";
import * as consultations from "../../src/data/consultations-repo";
import { ratesUpTo } from "../../src/data/fx-repo";
import * as inventory from "../../src/data/inventory-repo";
import * as itineraries from "../../src/data/itineraries-repo";
import { notificationsFor } from "../../src/data/notifications-repo";
import { medicalLineBatches } from "../../src/data/parity-lines-keyset";
import * as payments from "../../src/data/payments-repo";
import * as patients from "../../src/data/patients-repo";
import * as quotes from "../../src/data/quotes-repo";
import type { Database } from "../../src/data/schema";

/** The list and report queries whose plans query-plans.test.ts checks, each run as the repositories build it. */

export const NOW = new Date("2026-11-22T10:00:00.000Z");
export const H = "hsp_xjph";

export interface Case {
  name: string;
  scanOk?: boolean | string[];
  /** Why a sort is bounded whatever the table's size (the rows of one itinerary), if it is allowed. */
  sortOk?: string;
  run: (db: Kysely<Database>) => Promise<unknown>;
}

const AFTER = ["zzz"];
const LIMIT = 20;

export const CASES: Case[] = [
  ...(
    [
      ["agency", { agencyId: "agn_x" }],
      ["agency and status", { agencyId: "agn_x", status: "held" }],
      ["agency and hospital", { agencyId: "agn_x", hospitalId: H }],
      ["hospital", { hospitalId: H }],
      ["hospital and status", { hospitalId: H, status: "confirmed" }],
      ["patient", { patientId: "pat_x" }],
      ["patient and status", { patientId: "pat_x", status: "draft" }],
      ["status (admin)", { status: "held" }],
    ] as const
  ).flatMap(([name, f]) => [
    {
      name: `itineraries by ${name}`,
      run: (db: Kysely<Database>) => itineraries.listItineraries(db, { ...f, limit: LIMIT }),
    },
    {
      name: `itineraries by ${name}, next page`,
      run: (db: Kysely<Database>) => itineraries.listItineraries(db, { ...f, after: AFTER, limit: LIMIT }),
    },
  ]),
  { name: "itineraries, all (admin)", scanOk: true, run: (db) => itineraries.listItineraries(db, { limit: LIMIT }) },
  {
    name: "itineraries, all (admin), next page",
    scanOk: true,
    run: (db) => itineraries.listItineraries(db, { after: AFTER, limit: LIMIT }),
  },
  ...(
    [
      ["agency", { agencyId: "agn_x" }],
      ["hospital", { hospitalId: H }],
      ["hospital and status", { hospitalId: H, status: "requested" }],
      ["patient", { patientId: "pat_demo_alexander" }],
      ["status (admin)", { status: "requested" }],
    ] as const
  ).flatMap(([name, f]) => [
    {
      name: `consultations by ${name}`,
      run: (db: Kysely<Database>) => consultations.listConsultations(db, { ...f, limit: LIMIT }),
    },
    {
      name: `consultations by ${name}, next page`,
      run: (db: Kysely<Database>) => consultations.listConsultations(db, { ...f, after: AFTER, limit: LIMIT }),
    },
    { name: `quotes by ${name}`, run: (db: Kysely<Database>) => quotes.listQuotes(db, { ...f, limit: LIMIT }) },
    {
      name: `quotes by ${name}, next page`,
      run: (db: Kysely<Database>) => quotes.listQuotes(db, { ...f, after: AFTER, limit: LIMIT }),
    },
  ]),
  {
    name: "consultations, all (admin)",
    scanOk: true,
    run: (db) => consultations.listConsultations(db, { limit: LIMIT }),
  },
  { name: "quotes, all (admin)", scanOk: true, run: (db) => quotes.listQuotes(db, { limit: LIMIT }) },
  {
    name: "patients by agency",
    run: (db) => patients.listPatients(db, { agencyId: "agn_x", after: ["a"], limit: LIMIT }),
  },
  {
    name: "patients, all (admin)",
    scanOk: true,
    run: (db) => patients.listPatients(db, { after: ["a"], limit: LIMIT }),
  },
  {
    name: "slots of a hospital",
    run: (db) =>
      consultations.listSlots(db, {
        hospitalId: H,
        from: "2026-12-01T00:00:00Z",
        to: "2027-01-01T00:00:00Z",
        onlyFree: true,
        after: ["2026-12-02T00:00:00Z", "a"],
        limit: LIMIT,
      }),
  },
  {
    name: "slots of a hospital's department",
    run: (db) =>
      consultations.listSlots(db, {
        hospitalId: H,
        department: "cardiology",
        mode: "video",
        from: "2026-12-01T00:00:00Z",
        to: "2027-01-01T00:00:00Z",
        onlyFree: false,
        limit: LIMIT,
      }),
  },
  {
    name: "flight search",
    run: (db) =>
      catalog.searchFlights(db, { origin: "ALA", destination: "PVG", date: "2026-12-01", passengers: 1, limit: LIMIT }),
  },
  {
    name: "flight search, next page",
    run: (db) =>
      catalog.searchFlights(db, {
        origin: "ALA",
        destination: "PVG",
        date: "2026-12-01",
        passengers: 1,
        after: ["2026-12-01T00:00:00Z", "a"],
        limit: LIMIT,
      }),
  },
  {
    name: "tour departures on a day",
    run: (db) =>
      catalog.searchTourDepartures(db, {
        date: "2026-12-01",
        startsAfter: "",
        participants: 1,
        after: ["2026-12-01T00:00:00Z", "a"],
        limit: LIMIT,
      }),
  },
  {
    name: "tour departures from an instant",
    run: (db) =>
      catalog.searchTourDepartures(db, { startsAfter: "2026-12-01T00:00:00Z", participants: 1, limit: LIMIT }),
  },
  { name: "notifications of a user", run: (db) => notificationsFor(db, "usr_x") },
  { name: "history of an itinerary", run: (db) => itineraries.historyOf(db, "itn_x") },
  { name: "payments of an itinerary", run: (db) => payments.paymentsOf(db, "itn_x") },
  { name: "components of an itinerary", run: (db) => itineraries.componentsOf(db, "itn_x") },
  {
    name: "reservations of an itinerary",
    sortOk: "one itinerary's few held or booked units",
    run: (db) => inventory.activeReservations(db, "itn_x"),
  },
  // Reads the key's first entry (the unaliased `fx_rates`, limit 1), then seeks from pair to pair.
  {
    name: "latest FX rates up to a day (every itinerary view)",
    scanOk: ["fx_rates"],
    run: (db) => ratesUpTo(db, "2026-12-07"),
  },
  { name: "expired holds", run: (db) => inventory.expiredHolds(db, NOW.toISOString()) },
  { name: "open quotes repriced from a date", run: (db) => quotes.openQuoteIdsFrom(db, H, "2026-12-01") },
  {
    name: "parity report lines (every dialect)",
    run: async (db) => {
      for await (const _ of medicalLineBatches(db, H, "2026-01-01", "2027-12-31", 1)) void _;
    },
  },
];
