import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsultationSchema, SlotPageSchema } from "../../src/routes/consultations/schemas";
import { testDatabases } from "../helpers/databases";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

const H = "hsp_xjph";

describe.each(testDatabases)("consultation slots on $dialect", ({ dialect, open }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ handle: await open() });
  });
  afterAll(() => t.close());

  async function newConsultation(mode: "video" | "in_person" = "video") {
    const res = await t.call("POST", "/v1/consultations", {
      token: T.alexander,
      body: { hospitalId: H, department: "cardiac_surgery", mode, complaint: "Chest pain", language: "ru" },
    });
    expect(res.status).toBe(201);
    return ConsultationSchema.parse(await res.json()).id;
  }

  async function freeSlots(mode = "video") {
    const res = await t.call(
      "GET",
      `/v1/hospitals/${H}/consultation-slots?department=cardiac_surgery&mode=${mode}&limit=50`,
    );
    return SlotPageSchema.parse(await res.json()).data;
  }

  it(`[${dialect}] concurrent requests for one slot book it exactly once`, async () => {
    const slot = (await freeSlots())[0]!;
    const ids = await Promise.all(Array.from({ length: 12 }, () => newConsultation()));
    const results = await Promise.all(
      ids.map((id, i) =>
        t.call("POST", `/v1/consultations/${id}/schedule`, {
          token: i % 2 ? T.clinician : T.agent,
          body: { slotId: slot.id },
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(11);
    for (const r of results.filter((x) => x.status === 409))
      expect(((await r.json()) as { code: string }).code).toBe("slot_taken");
    const row = await t.handle.db
      .selectFrom("consultation_slots")
      .select(["reserved", "capacity"])
      .where("id", "=", slot.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ reserved: 1, capacity: 1 });
    const holders = await t.handle.db
      .selectFrom("consultations")
      .select("id")
      .where("slot_id", "=", slot.id)
      .where("status", "=", "scheduled")
      .execute();
    expect(holders).toHaveLength(1);
    expect((await freeSlots()).map((s) => s.id)).not.toContain(slot.id);
  });

  it(`[${dialect}] moving to another slot frees the first; cancelling frees the second`, async () => {
    const [a, b] = await freeSlots();
    const id = await newConsultation();
    expect(
      (await t.call("POST", `/v1/consultations/${id}/schedule`, { token: T.clinician, body: { slotId: a!.id } }))
        .status,
    ).toBe(200);
    expect(
      (await t.call("POST", `/v1/consultations/${id}/schedule`, { token: T.clinician, body: { slotId: b!.id } }))
        .status,
    ).toBe(200);
    const reserved = async (slotId: string) =>
      (
        await t.handle.db
          .selectFrom("consultation_slots")
          .select("reserved")
          .where("id", "=", slotId)
          .executeTakeFirstOrThrow()
      ).reserved;
    expect(await reserved(a!.id)).toBe(0);
    expect(await reserved(b!.id)).toBe(1);
    const cancelled = await t.call("POST", `/v1/consultations/${id}/cancel`, {
      token: T.alexander,
      body: { reason: "Found an earlier flight" },
    });
    expect(ConsultationSchema.parse(await cancelled.json()).status).toBe("cancelled");
    expect(await reserved(b!.id)).toBe(0);
    // A cancelled consultation stays cancelled.
    expect(
      (await t.call("POST", `/v1/consultations/${id}/schedule`, { token: T.clinician, body: { slotId: b!.id } }))
        .status,
    ).toBe(409);
  });

  it(`[${dialect}] a slot of another mode or hospital does not fit (422)`, async () => {
    const inPerson = (await freeSlots("in_person"))[0]!;
    const id = await newConsultation("video");
    const res = await t.call("POST", `/v1/consultations/${id}/schedule`, {
      token: T.clinician,
      body: { slotId: inPerson.id },
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe("body.slotId");
  });

  it(`[${dialect}] states and who may move them`, async () => {
    const id = await newConsultation();
    // A recommendation needs a scheduled consultation; only the hospital's clinician records it.
    const rec = { items: [{ code: "CARD-CABG", quantity: 1 }], inpatientNights: 9, fitToFlyDays: 7 };
    expect(
      (await t.call("POST", `/v1/consultations/${id}/recommendation`, { token: T.clinician, body: rec })).status,
    ).toBe(409);
    expect(
      (await t.call("POST", `/v1/consultations/${id}/schedule`, { token: T.alexander, body: { slotId: "x_slot" } }))
        .status,
    ).toBe(403);
    const slot = (await freeSlots())[0]!;
    expect(
      (await t.call("POST", `/v1/consultations/${id}/schedule`, { token: T.agent, body: { slotId: slot.id } })).status,
    ).toBe(200);
    const unknown = await t.call("POST", `/v1/consultations/${id}/recommendation`, {
      token: T.clinician,
      body: { ...rec, items: [{ code: "NOPE", quantity: 1 }] },
    });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe("body.items.0.code");
    expect(
      (await t.call("POST", `/v1/consultations/${id}/recommendation`, { token: T.clinician, body: rec })).status,
    ).toBe(200);
    expect((await t.call("POST", `/v1/consultations/${id}/cancel`, { token: T.alexander, body: {} })).status).toBe(409);
    // Someone else's consultation is not found.
    expect((await t.call("GET", `/v1/consultations/${id}`, { token: T.anar })).status).toBe(404);
    expect((await t.call("GET", `/v1/consultations/${id}`, { token: T.alexander })).status).toBe(200);
  });
});
