import type { ClientRateLimitInfo, Store } from "hono-rate-limiter";
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema";

/**
 * hono-rate-limiter's `Store` over the `rate_limits` table, for instances that share a database
 * (PostgreSQL, D1) but no Redis. Fixed windows like the library's own stores; each hit is one
 * atomic upsert-increment, so concurrent instances never lose a count.
 */
export class SqlRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly db: Kysely<Database>,
    readonly prefix: string,
    /** Chance per hit of also sweeping rows whose window ended; no timers, so it suits Workers. */
    private readonly sweepChance = 1 / 256,
  ) {}

  init(options: { windowMs: number }): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = Date.now();
    const nextReset = now + this.windowMs;
    const row = await this.db
      .insertInto("rate_limits")
      .values({ key: this.prefix + key, hits: 1, reset_at: nextReset })
      .onConflict((oc) =>
        oc.column("key").doUpdateSet({
          // A window that has ended starts again at this hit.
          hits: sql<number>`case when rate_limits.reset_at <= cast(${now} as bigint)
                              then 1 else rate_limits.hits + 1 end`,
          reset_at: sql<number>`case when rate_limits.reset_at <= cast(${now} as bigint)
                                  then cast(${nextReset} as bigint) else rate_limits.reset_at end`,
        }),
      )
      .returning(["hits", "reset_at"])
      .executeTakeFirstOrThrow();
    if (Math.random() < this.sweepChance) await this.sweep(now);
    return { totalHits: Number(row.hits), resetTime: new Date(Number(row.reset_at)) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await this.db
      .selectFrom("rate_limits")
      .select(["hits", "reset_at"])
      .where("key", "=", this.prefix + key)
      .executeTakeFirst();
    if (!row || Number(row.reset_at) <= Date.now()) return undefined;
    return { totalHits: Number(row.hits), resetTime: new Date(Number(row.reset_at)) };
  }

  async decrement(key: string): Promise<void> {
    await this.db
      .updateTable("rate_limits")
      .set({ hits: sql<number>`hits - 1` })
      .where("key", "=", this.prefix + key)
      .where("hits", ">", 0)
      .where("reset_at", ">", Date.now())
      .execute();
  }

  async resetKey(key: string): Promise<void> {
    await this.db
      .deleteFrom("rate_limits")
      .where("key", "=", this.prefix + key)
      .execute();
  }

  /** Deletes this budget's rows whose window ended; best effort. */
  private async sweep(now: number): Promise<void> {
    try {
      await this.db
        .deleteFrom("rate_limits")
        .where("reset_at", "<=", now)
        .where("key", "like", `${this.prefix}%`)
        .execute();
    } catch {
      // The next sweep takes them.
    }
  }
}
