import { expect } from "vitest";
import type { Actor } from "../../src/services/context";
import type { TestApp } from "./test-app";
import { T } from "./tokens";

export const H = "hsp_xjph";

/** Demo users who take part in a trip of Alexander's (agency Silk Road Care, hospital hsp_xjph). */
export const PARTICIPANTS = {
  patient: { token: T.alexander, userId: "usr_demo_alexander", language: "ru" },
  agent: { token: T.agent, userId: "usr_demo_agent_silkroad", language: "ru" },
  clinician: { token: T.clinician, userId: "usr_demo_clinician_xjph", language: "zh" },
  billing: { token: T.billing, userId: "usr_demo_billing_xjph", language: "zh" },
  admin: { token: T.admin, userId: "usr_demo_admin", language: "en" },
} as const;
export type ParticipantKind = keyof typeof PARTICIPANTS;
export const PARTICIPANT_KINDS = Object.keys(PARTICIPANTS) as ParticipantKind[];

export async function ok(res: Response, status = 200): Promise<any> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text);
}

/** Outsiders of Alexander's trips: a patient and an agent of another agency, staff of another hospital. */
export async function outsiders(t: TestApp) {
  const agent = await ok(
    await t.call("POST", "/v1/users", {
      token: T.admin,
      body: {
        role: "agent",
        displayName: "Timur (Tian Shan)",
        email: "timur@tianshan.example",
        language: "kk",
        agencyId: "agy_tianshan",
      },
    }),
    201,
  );
  const clinician = await ok(
    await t.call("POST", "/v1/users", {
      token: T.admin,
      body: {
        role: "clinician",
        displayName: "Dr. Chen (Yiwu)",
        email: "chen@zju4.example",
        language: "zh",
        hospitalId: "hsp_zju4",
      },
    }),
    201,
  );
  const patient = await ok(
    await t.call("POST", "/v1/patients", {
      token: agent.token,
      body: {
        fullName: "Erlan Nurlanov",
        email: "erlan@example.kz",
        nationality: "KZ",
        homeCity: "Almaty",
        language: "kk",
        currency: "KZT",
        passportNumber: "N87654321",
      },
    }),
    201,
  );
  return {
    "patient of another agency": patient.token as string,
    "agent of another agency": agent.token as string,
    "clinician of another hospital": clinician.token as string,
    "billing of another hospital": T.billingYiwu as string,
    "patient without an agency": T.anar as string,
  };
}

/** A fresh draft trip of Alexander's (one city tour) at hsp_xjph. */
export async function newTrip(t: TestApp): Promise<string> {
  const tours = await ok(await t.call("GET", "/v1/tours?city=Urumqi&date=2026-12-20&language=ru&intensity=low"));
  const itn = await ok(
    await t.call("POST", "/v1/itineraries", {
      token: T.alexander,
      body: {
        hospitalId: H,
        travelers: [{ fullName: "Alexander Kovalenko", role: "patient" }],
        components: [{ type: "tour", departureId: tours.data[0].departureId }],
      },
    }),
    201,
  );
  return itn.id as string;
}

/** The service actor of a demo user, for calling verbs (e.g. `unreadCounts`) directly. */
export async function actorOf(t: TestApp, userId: string): Promise<Actor> {
  const u = await t.deps.db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirstOrThrow();
  const p = await t.deps.db.selectFrom("patients").select("id").where("user_id", "=", userId).executeTakeFirst();
  return {
    userId: u.id,
    role: u.role,
    displayName: u.display_name,
    agencyId: u.agency_id,
    hospitalId: u.hospital_id,
    patientId: p?.id ?? null,
  };
}

/** The message_posted emails in the outbox for a trip, as (user, language) pairs in insertion order. */
export async function messageEmails(t: TestApp, itineraryId: string) {
  const rows = await t.deps.db
    .selectFrom("notifications")
    .select(["user_id", "language", "payload"])
    .where("kind", "=", "message_posted")
    .where("subject_id", "=", itineraryId)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ userId: r.user_id, language: r.language, payload: JSON.parse(r.payload) }));
}
