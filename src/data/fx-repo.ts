import type { Kysely, Transaction } from "kysely";
import type { FxRate } from "../domain/pricing/fx";
import type { Database } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

/** Every stored rate up to a date (the pricing module picks the latest per pair). */
export async function ratesUpTo(db: Db, date: string): Promise<FxRate[]> {
  const rows = await db.selectFrom("fx_rates").selectAll().where("as_of", "<=", date).execute();
  return rows.map((r) => ({ base: r.base, quote: r.quote, rate: r.rate, source: r.source, asOf: r.as_of }));
}

export async function listLatestRates(db: Db) {
  return db.selectFrom("fx_rates").selectAll().orderBy("base").orderBy("quote").orderBy("as_of", "desc").execute();
}

export async function upsertRate(db: Db, r: FxRate): Promise<void> {
  await db
    .insertInto("fx_rates")
    .values({ base: r.base, quote: r.quote, as_of: r.asOf, rate: r.rate, source: r.source })
    .onConflict((oc) => oc.columns(["base", "quote", "as_of"]).doUpdateSet({ rate: r.rate, source: r.source }))
    .execute();
}
