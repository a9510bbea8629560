import { type Kysely, type Transaction, sql } from "kysely";
import type { Database, QuoteLineRow, QuoteRow } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

/** Inserts with the patient's agency copied onto the quote (what an agency's list pages by). */
export async function insertQuote(db: Db, q: QuoteRow, lines: QuoteLineRow[]): Promise<void> {
  await db
    .insertInto("quotes")
    .values((eb) => ({ ...q, agency_id: eb.selectFrom("patients").select("agency_id").where("id", "=", q.patient_id) }))
    .execute();
  for (let i = 0; i < lines.length; i += 200)
    await db
      .insertInto("quote_lines")
      .values(lines.slice(i, i + 200))
      .execute();
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
/** A quote as views read it (the copied agency is the patient's, read from there). */
export type QuoteWithLines = Omit<NonNullable<Awaited<ReturnType<typeof findQuote>>>, "agency_id">;

export async function listQuotes(
  db: Db,
  f: {
    patientId?: string;
    agencyId?: string;
    hospitalId?: string;
    status?: string;
    after?: (string | number)[];
    limit: number;
  },
) {
  let q = db
    .selectFrom("quotes as q")
    .innerJoin("patients as p", "p.id", "q.patient_id")
    .selectAll("q")
    .select(["p.agency_id as patient_agency_id", "p.user_id as patient_user_id", "p.language as patient_language"]);
  if (f.patientId) q = q.where("q.patient_id", "=", f.patientId);
  if (f.agencyId) q = q.where("q.agency_id", "=", f.agencyId);
  if (f.hospitalId) q = q.where("q.hospital_id", "=", f.hospitalId);
  if (f.status) q = q.where("q.status", "=", f.status as "open");
  if (f.after) q = q.where("q.id", "<", String(f.after[0]));
  const rows = await q
    .orderBy("q.id", "desc")
    .limit(f.limit + 1)
    .execute();
  const ids = rows.map((r) => r.id);
  const lines = ids.length
    ? await db
        .selectFrom("quote_lines")
        .selectAll()
        .where("quote_id", "in", ids)
        .orderBy("quote_id")
        .orderBy("line_no")
        .execute()
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
      eb.exists(
        eb
          .selectFrom("quote_lines as l")
          .select("l.line_no")
          .whereRef("l.quote_id", "=", "q.id")
          .where("l.service_date", ">=", fromDate),
      ),
    )
    .orderBy("q.id")
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Lines on or after `fromDate` of the hospital's open quotes still valid at `nowIso`: what a new tariff version
 * re-prices.
 */
export async function openQuoteLinesFrom(db: Db, hospitalId: string, fromDate: string, nowIso: string) {
  return db
    .selectFrom("quote_lines as l")
    .innerJoin("quotes as q", "q.id", "l.quote_id")
    .select(["l.quote_id", "l.line_no", "l.code", "l.department_code", "l.service_class", "l.service_date"])
    .where("q.hospital_id", "=", hospitalId)
    .where("q.status", "=", "open")
    .where("q.valid_until", ">=", nowIso)
    .where("l.service_date", ">=", fromDate)
    .orderBy("l.quote_id")
    .orderBy("l.line_no")
    .execute();
}

export async function replaceQuotePricing(
  db: Db,
  id: string,
  expectedRevision: number,
  set: Partial<QuoteRow>,
  lines: QuoteLineRow[],
): Promise<boolean> {
  const r = await db
    .updateTable("quotes")
    .set(set)
    .where("id", "=", id)
    .where("revision", "=", expectedRevision)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db.deleteFrom("quote_lines").where("quote_id", "=", id).execute();
  for (let i = 0; i < lines.length; i += 200)
    await db
      .insertInto("quote_lines")
      .values(lines.slice(i, i + 200))
      .execute();
  return true;
}

export async function countLines(db: Db, quoteId: string): Promise<number> {
  const r = await db
    .selectFrom("quote_lines")
    .select(sql<number>`count(*)`.as("n"))
    .where("quote_id", "=", quoteId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Withdraws a quote at the revision read. */
export async function withdrawQuote(
  db: Db,
  id: string,
  revision: number,
  reason: string,
  nowIso: string,
): Promise<void> {
  await db
    .updateTable("quotes")
    .set({ status: "withdrawn", withdrawn_reason: reason, updated_at: nowIso })
    .where("id", "=", id)
    .where("revision", "=", revision)
    .execute();
}
