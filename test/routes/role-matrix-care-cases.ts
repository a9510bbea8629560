import { T } from "../helpers/tokens";
import {
  type Case,
  EVERYONE,
  H,
  itemsBody,
  newConsultation,
  ok,
  scheduledConsultation,
  SIGNED_IN,
  unique,
  world as w,
} from "./role-matrix-fixtures";

/** Who may call each operation of the catalog, patients, users, consultations, tariffs, quotes and parity. */
export const CARE_CASES: Record<string, Case> = {
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
  getPatient: {
    allowed: ["patient", "agent", "admin"],
    request: () => ({ path: "/v1/patients/pat_demo_alexander" }),
  },
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
    request: async () => ({ path: `/v1/consultations/${await newConsultation(w)}` }),
  },
  scheduleConsultation: {
    allowed: ["clinician", "agent", "admin"],
    request: async () => ({
      path: `/v1/consultations/${await newConsultation(w)}/schedule`,
      body: { slotId: w.freeSlots.shift() },
    }),
  },
  recordRecommendation: {
    allowed: ["clinician"],
    request: async () => ({
      path: `/v1/consultations/${await scheduledConsultation(w)}/recommendation`,
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
    request: async () => ({
      path: `/v1/consultations/${await newConsultation(w)}/cancel`,
      body: { reason: "matrix" },
    }),
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
        const id = await scheduledConsultation(w);
        await ok(
          await w.t.call("POST", `/v1/consultations/${id}/recommendation`, {
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
  getQuote: { allowed: SIGNED_IN, request: () => ({ path: `/v1/quotes/${w.quoteId}` }) },
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
  verifyParity: { allowed: EVERYONE, request: () => ({ path: "/v1/parity/verify", body: w.affirmation }) },
};
