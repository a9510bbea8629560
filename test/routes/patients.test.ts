import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MeSchema, PatientPageSchema, PatientSchema, SignUpResultSchema } from "../../src/routes/patients/schemas";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const dana = {
  fullName: "Dana Bekova",
  email: "Dana@Example.kz",
  phone: "+77011234567",
  nationality: "kz",
  homeCity: "Almaty",
  language: "ru",
  languages: ["kk", "en"],
  currency: "KZT",
  passportNumber: "N12345678",
  birthDate: "1989-04-12",
};

describe("patients", () => {
  it("signs up without a token, shows the token once, and the token works", async () => {
    const res = await t.call("POST", "/v1/patients", { body: dana });
    expect(res.status).toBe(201);
    const body = SignUpResultSchema.parse(await res.json());
    expect(body.patient.passportNumber).toBe("N12345678");
    expect(body.patient.birthDate).toBe("1989-04-12");
    expect(body.patient.email).toBe("dana@example.kz");
    expect(body.patient.nationality).toBe("KZ");
    expect(body.patient.languages).toEqual(["ru", "kk", "en"]);
    expect(body.patient.agencyId).toBeNull();
    expect(body.token).toMatch(/^cvn_[A-Za-z0-9_-]{43}$/);

    const me = MeSchema.parse(await (await t.call("GET", "/v1/me", { token: body.token })).json());
    expect(me).toMatchObject({ role: "patient", patientId: body.patient.id });

    // Stored: the token only as its hash, the passport and birth date encrypted.
    const tok = await t.handle.db.selectFrom("api_tokens").selectAll().where("user_id", "=", me.userId).execute();
    expect(tok).toHaveLength(1);
    expect(tok[0]!.token_hash).not.toContain(body.token);
    const row = await t.handle.db
      .selectFrom("patients")
      .selectAll()
      .where("id", "=", body.patient.id)
      .executeTakeFirstOrThrow();
    expect(row.passport_number_enc).toMatch(/^v1\./);
    expect(row.passport_number_enc).not.toContain("12345678");
    expect(row.birth_date_enc).not.toContain("1989");
    expect(await t.deps.cipher.decrypt(row.passport_number_enc!)).toBe("N12345678");

    const own = PatientSchema.parse(
      await (await t.call("GET", `/v1/patients/${body.patient.id}`, { token: body.token })).json(),
    );
    expect(own.passportNumber).toBe("N12345678");
    expect(own.personalDataMasked).toBe(false);

    // Nothing personal reached the logs.
    const logs = JSON.stringify(t.logger.lines);
    expect(logs).not.toContain("N12345678");
    expect(logs).not.toContain("1989-04-12");
    expect(logs).not.toContain(body.token);
  });

  it("refuses a second account with the same email (409) and writes nothing", async () => {
    const before = await t.handle.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const res = await t.call("POST", "/v1/patients", { body: { ...dana, email: "dana@example.kz" } });
    expect(res.status).toBe(409);
    const after = await t.handle.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("an agent creates a patient inside their agency and sees them masked", async () => {
    const res = await t.call("POST", "/v1/patients", {
      token: T.agent,
      body: { ...dana, email: "ruslan@example.kz", fullName: "Ruslan Omarov", passportNumber: "KZ9876543" },
    });
    expect(res.status).toBe(201);
    const created = SignUpResultSchema.parse(await res.json());
    expect(created.patient.agencyId).toBe("agy_silkroad");

    const seen = PatientSchema.parse(
      await (await t.call("GET", `/v1/patients/${created.patient.id}`, { token: T.agent })).json(),
    );
    expect(seen.passportNumber).toBe("*****6543");
    expect(seen.birthDate).toBe("****-**-**");
    expect(seen.personalDataMasked).toBe(true);

    const list = PatientPageSchema.parse(
      await (await t.call("GET", "/v1/patients?limit=100", { token: T.agent })).json(),
    );
    const ids = list.data.map((p) => p.id);
    expect(ids).toContain(created.patient.id);
    expect(ids).toContain("pat_demo_alexander");
    expect(ids).not.toContain("pat_demo_anar"); // no agency
    expect(list.data.every((p) => p.agencyId === "agy_silkroad")).toBe(true);
    expect(list.data.every((p) => p.personalDataMasked)).toBe(true);
  });

  it("an agent cannot see another agency's or an unassigned patient (404)", async () => {
    expect((await t.call("GET", "/v1/patients/pat_demo_anar", { token: T.agent })).status).toBe(404);
  });

  it("an agent cannot put a patient into another agency (422 naming the field)", async () => {
    const res = await t.call("POST", "/v1/patients", {
      token: T.agent,
      body: { ...dana, email: "x@example.kz", agencyId: "agy_tianshan" },
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).errors[0].path).toBe("body.agencyId");
  });

  it("a patient picks an agency at sign-up; an unknown agency is a 400", async () => {
    const ok = await t.call("POST", "/v1/patients", {
      body: { ...dana, email: "z@example.kg", agencyId: "agy_tianshan" },
    });
    expect(ok.status).toBe(201);
    expect(SignUpResultSchema.parse(await ok.json()).patient.agencyId).toBe("agy_tianshan");
    const bad = await t.call("POST", "/v1/patients", {
      body: { ...dana, email: "w@example.kg", agencyId: "agy_nope" },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).errors[0].path).toBe("body.agencyId");
  });

  it("admin creates staff with the right scope and the token works", async () => {
    const bad = await t.call("POST", "/v1/users", {
      token: T.admin,
      body: { role: "clinician", displayName: "Dr. Wang Ying", email: "wang@xmu6.example" },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).errors[0].path).toBe("body.hospitalId");
    const res = await t.call("POST", "/v1/users", {
      token: T.admin,
      body: { role: "clinician", displayName: "Dr. Wang Ying", email: "wang@xmu6.example", hospitalId: "hsp_xmu6" },
    });
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    const me = MeSchema.parse(await (await t.call("GET", "/v1/me", { token })).json());
    expect(me).toMatchObject({ role: "clinician", hospitalId: "hsp_xmu6", agencyId: null });
  });
});
