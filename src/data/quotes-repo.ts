import { type Kysely, type Transaction, sql } from "kysely";
import type { Database, QuoteLineRow, QuoteRow } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

export async function insertQuote(db: Db, q: QuoteRow, lines: QuoteLineRow[]): Promise<void> {
  await db.insertInto("quotes").values(q).execute();
  for (let i = 0; i < lines.length; i += 200) await db.insertInto("quote_lines").values(lines.slice(i, i + 200)).execute();
}

export async function findQuote(db: Db, id: string) {
  const q = await db
    .selectFrom("quotes as q")
    .innerJoin("patients as p", "p.id", "q.patient_id")
    .selectAll("q")
    .select(["p.agency_id as patient_agency_id", "p.user_id as patient_user_id", "p.language as patient_language"])
    .where("q.id", "=", id)
    .executeTakeFirst();
  if (!q) return undefined;
  const lines = await db.selectFrom("quote_lines").selectAll().where("quote_id", "=", id).orderBy("line_no").execute();
  return { ...q, lines };
}
export type QuoteWithLines = NonNullable<Awaited<ReturnType<typeof findQuote>>>;

export async function listQuotes(
  db: Db,
  f: { patientId?: string; agencyId?: string; hospitalId?: string; status?: string; after?: (string | number)[]; limit: number },
) {
  let q = db
    .selectFrom("quotes as q")
    .innerJoin("patients as p", "p.id", "q.patient_id")
    .selectAll("q")
    .select(["p.agency_id as patient_agency_id", "p.user_id as patient_user_id", "p.language as patient_language"]);
  if (f.patientId) q = q.where("q.patient_id", "=", f.patientId);
  if (f.agencyId) q = q.where("p.agency_id", "=", f.agencyId);
  if (f.hospitalId) q = q.where("q.hospital_id", "=", f.hospitalId);
  if (f.status) q = q.where("q.status", "=", f.status as "open");
  if (f.after) q = q.where("q.id", "<", String(f.after[0]));
  const rows = await q.orderBy("q.id", "desc").limit(f.limit + 1).execute();
  const ids = rows.map((r) => r.id);
  const lines = ids.length
    ? await db.selectFrom("quote_lines").selectAll().where("quote_id", "in", ids).orderBy("quote_id").orderBy("line_no").execute()
    : [];
  return rows.map((r) => ({ ...r, lines: lines.filter((l) => l.quote_id === r.id) }));
}

/** Open quotes of a hospital with at least one line on or after a date (those a new tariff version may re-price). */
export async function openQuoteIdsFrom(db: Db, hospitalId: string, fromDate: string): Promise<string[]> {
  const rows = await db
    .selectFrom("quotes as q")
    .select("q.id")
    .where("q.hospital_id", "=", hospitalId)
    .where("q.status", "=", "open")
    .where((eb) =>
      eb.exists(eb.selectFrom("quote_lines as l").select("l.line_no").whereRef("l.quote_id", "=", "q.id").where("l.service_date", ">=", fromDate)),
    )
    .orderBy("q.id")
    .execute();
  return rows.map((r) => r.id);
}

export async function replaceQuotePricing(
  db: Db,
  id: string,
  expectedRevision: number,
  set: Partial<QuoteRow>,
  lines: QuoteLineRow[],
): Promise<boolean> {
  const r = await db.updateTable("quotes").set(set).where("id", "=", id).where("revision", "=", expectedRevision).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db.deleteFrom("quote_lines").where("quote_id", "=", id).execute();
  for (let i = 0; i < lines.length; i += 200) await db.insertInto("quote_lines").values(lines.slice(i, i + 200)).execute();
  return true;
}

/** Medical lines of a hospital in a service-date range, in date order, for the parity report. */
export async function* streamMedicalLines(db: Db, hospitalId: string, from: string, to: string) {
  const q = db
    .selectFrom("quote_lines as l")
    .innerJoin("quotes as q", "q.id", "l.quote_id")
    .select([
      "l.quote_id",
      "l.line_no",
      "l.code",
      "l.department_code",
      "l.service_class",
      "l.service_date",
      "l.quantity",
      "l.unit_price",
      "l.line_total",
      "l.tariff_version",
      "q.status",
      "q.hospital_currency",
    ])
    .where("l.hospital_id", "=", hospitalId)
    .where("l.service_date", ">=", from)
    .where("l.service_date", "<=", to)
    .orderBy("l.service_date")
    .orderBy("l.quote_id")
    .orderBy("l.line_no");
  yield* q.stream(2000);
}

export async function countLines(db: Db, quoteId: string): Promise<number> {
  const r = await db.selectFrom("quote_lines").select(sql<number>`count(*)`.as("n")).where("quote_id", "=", quoteId).executeTakeFirst();
  return Number(r?.n ?? 0);
}
