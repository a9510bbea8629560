import type { Kysely, Transaction } from "kysely";
import type { FxRate } from "../domain/pricing/fx";
import { prepared } from "./prepared";
import type { Database } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

/**
 * For each stored pair, its latest rate up to a date: all the pricing module reads (it takes the
 * latest per pair, direct or inverse), without returning a growing history of daily rates.
 */
const latestRates = prepared((db, date: string) =>
  db
    .selectFrom("fx_rates as r")
    .selectAll("r")
    .where("r.as_of", "<=", date)
    .where((eb) =>
      eb(
        "r.as_of",
        "=",
        eb.selectFrom("fx_rates as l").select((e) => e.fn.max("l.as_of").as("m")).whereRef("l.base", "=", "r.base").whereRef("l.quote", "=", "r.quote").where("l.as_of", "<=", date),
      ),
    ),
);

export async function ratesUpTo(db: Db, date: string): Promise<FxRate[]> {
  const rows = await latestRates(db, date);
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
