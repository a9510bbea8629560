import type { Kysely, Transaction } from "kysely";
import { type MedicalLineTuple, REPORT_BATCH, type ReportLineSource } from "./report-lines";
import type { Database } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Medical lines of a hospital with a service date in [from, to], in report order
 * (service_date, quote_id, line_no), in batches of at most `batchSize`. Dialect-neutral.
 *
 * Each batch is its own short query (keyset pagination on the order key, served by the covering
 * index `quote_lines_report_cover_idx`), plus one query for the statuses of that batch's quotes:
 * the connection is never held between batches, so a slow client never blocks other requests.
 * The price: batches are not one snapshot. A line written during the report shows or not, but no
 * line is repeated or skipped unless its order key (date, quote, line number) itself changes.
 */
export async function* medicalLineBatches(
  db: Db,
  hospitalId: string,
  from: string,
  to: string,
  batchSize = REPORT_BATCH,
): AsyncGenerator<MedicalLineTuple[], void, undefined> {
  let after: [string, string, number] | undefined;
  for (;;) {
    const key = after;
    const rows = await db
      .selectFrom("quote_lines")
      .select([
        "quote_id",
        "line_no",
        "code",
        "department_code",
        "service_class",
        "service_date",
        "quantity",
        "unit_price",
        "line_total",
      ])
      .where("hospital_id", "=", hospitalId)
      .where("service_date", "<=", to)
      // After (d, q, n): from day d on, skipping what day d already gave. Written so both SQLite
      // and PostgreSQL seek to day d in the index (SQLite would not seek on a 3-column row value).
      .$if(key === undefined, (q) => q.where("service_date", ">=", from))
      .$if(key !== undefined, (q) =>
        q
          .where("service_date", ">=", key![0])
          .where((eb) =>
            eb.or([
              eb("service_date", ">", key![0]),
              eb(eb.refTuple("quote_id", "line_no"), ">", eb.tuple(key![1], key![2])),
            ]),
          ),
      )
      .orderBy("service_date")
      .orderBy("quote_id")
      .orderBy("line_no")
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return;
    const ids = [...new Set(rows.map((r) => r.quote_id))];
    const quotes = await db
      .selectFrom("quotes")
      .select(["id", "status", "valid_until"])
      .where("id", "in", ids)
      .execute();
    const byId = new Map(quotes.map((q) => [q.id, q]));
    yield rows.map((r): MedicalLineTuple => {
      const q = byId.get(r.quote_id);
      return [
        r.quote_id,
        r.line_no,
        r.code,
        r.department_code,
        r.service_class,
        r.service_date,
        r.quantity,
        r.unit_price,
        r.line_total,
        q?.status ?? "",
        q?.valid_until ?? "",
      ];
    });
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    after = [last.service_date, last.quote_id, last.line_no];
  }
}

/** The report's lines as keyset batches through `db` (every dialect): what a deployment without a SQLite file uses. */
export function keysetLineSource(db: Db): ReportLineSource {
  return {
    async *batches(hospitalId, from, to) {
      for await (const rows of medicalLineBatches(db, hospitalId, from, to)) yield { rows };
    },
  };
}
