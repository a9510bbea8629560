import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import type { FxRate } from "../domain/pricing/fx";
import type { Database } from "./schema";

type FxRateRow = Selectable<Database["fx_rates"]>;

type Db = Kysely<Database> | Transaction<Database>;

/**
 * For each stored pair, its latest rate up to a date: all the pricing module reads (it takes the
 * latest per pair, direct or inverse), without returning a growing history of daily rates.
 *
 * The daily history grows without end, so no step here reads it: the pairs are found by skipping
 * through the primary key (base, quote, as_of), one seek from each pair to the next, and each
 * pair's latest rate is one more seek. Rows come in the pairs' key order. Comparing every stored rate with its pair's
 * latest instead
 * cost a probe per stored row: 100 ms for 42 pairs × 1,000 days, on every itinerary view.
 */
export async function ratesUpTo(db: Db, date: string): Promise<FxRate[]> {
  const { rows } = await sql<FxRateRow>`
    with recursive pairs (base, quote) as (
      select * from (select base, quote from fx_rates order by base, quote limit 1) as lowest
      union all
      select case when (select f.quote from fx_rates f
                         where f.base = p.base and f.quote > p.quote order by f.quote limit 1) is not null
                  then p.base
                  else (select g.base from fx_rates g where g.base > p.base order by g.base limit 1) end,
             coalesce((select f.quote from fx_rates f
                        where f.base = p.base and f.quote > p.quote order by f.quote limit 1),
                      (select f.quote from fx_rates f
                        where f.base = (select g.base from fx_rates g where g.base > p.base order by g.base limit 1)
                        order by f.quote limit 1))
        from pairs p where p.base is not null
    )
    select r.base, r.quote, r.as_of, r.rate, r.source
      from pairs p join fx_rates r on r.base = p.base and r.quote = p.quote
       and r.as_of = (select max(l.as_of) from fx_rates l
                       where l.base = p.base and l.quote = p.quote and l.as_of <= ${date})`.execute(db);
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
