import type { Kysely, Selectable, Transaction } from "kysely";
import { newId } from "./ids";
import type { Database, TripMessagesTable } from "./schema";

type Db = Kysely<Database> | Transaction<Database>;

export type MessageRow = Selectable<TripMessagesTable> & { author_name: string };

/** Who takes part in an itinerary's conversation: what the scope check reads. */
export async function itineraryParties(db: Db, id: string) {
  return db
    .selectFrom("itineraries as i")
    .innerJoin("patients as p", "p.id", "i.patient_id")
    .select([
      "i.id",
      "i.patient_id",
      "i.agency_id",
      "i.hospital_id",
      "p.user_id as patient_user_id",
      "p.language as patient_language",
    ])
    .where("i.id", "=", id)
    .executeTakeFirst();
}
export type ItineraryParties = NonNullable<Awaited<ReturnType<typeof itineraryParties>>>;

/** The same for many itineraries at once (the caller bounds `ids`). */
export async function partiesOf(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom("itineraries as i")
    .select(["i.id", "i.patient_id", "i.agency_id", "i.hospital_id"])
    .where("i.id", "in", ids)
    .execute();
}

/**
 * On PostgreSQL, takes the itinerary's row lock (FOR NO KEY UPDATE: it does not block rows that merely
 * reference the itinerary) for the rest of the transaction, so concurrent posts to one conversation take
 * their numbers one after another. SQLite runs one writer at a time already.
 */
export async function lockConversation(db: Db, itineraryId: string, lock: boolean): Promise<void> {
  if (!lock) return;
  await db.selectFrom("itineraries").select("id").where("id", "=", itineraryId).forNoKeyUpdate().execute();
}

/** The next message number of an itinerary (1 for the first). */
export async function nextSeq(db: Db, itineraryId: string): Promise<number> {
  const row = await db
    .selectFrom("trip_messages")
    .select((eb) => eb.fn.max("seq").as("max"))
    .where("itinerary_id", "=", itineraryId)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export async function insertMessage(
  db: Db,
  m: {
    itineraryId: string;
    seq: number;
    authorUserId: string;
    authorRole: string;
    body: string;
    attachments: unknown[];
    now: Date;
  },
): Promise<string> {
  const id = newId("msg", m.now);
  await db
    .insertInto("trip_messages")
    .values({
      id,
      itinerary_id: m.itineraryId,
      seq: m.seq,
      author_user_id: m.authorUserId,
      author_role: m.authorRole,
      body: m.body,
      attachments: JSON.stringify(m.attachments),
      created_at: m.now.toISOString(),
    })
    .execute();
  return id;
}

const withAuthor = (db: Db) =>
  db
    .selectFrom("trip_messages as m")
    .innerJoin("users as u", "u.id", "m.author_user_id")
    .selectAll("m")
    .select("u.display_name as author_name");

export async function findMessage(db: Db, id: string): Promise<MessageRow | undefined> {
  return withAuthor(db).where("m.id", "=", id).executeTakeFirst();
}

/**
 * A page of an itinerary's messages, newest first: the `limit + 1` newest with `seq` below `before`
 * (all when absent). The caller turns it oldest-first.
 */
export async function listMessages(
  db: Db,
  f: { itineraryId: string; before?: number; limit: number },
): Promise<MessageRow[]> {
  let q = withAuthor(db).where("m.itinerary_id", "=", f.itineraryId);
  if (f.before !== undefined) q = q.where("m.seq", "<", f.before);
  return q
    .orderBy("m.seq", "desc")
    .limit(f.limit + 1)
    .execute();
}

/** The newest message of an itinerary, if any. */
export async function latestMessage(db: Db, itineraryId: string) {
  return db
    .selectFrom("trip_messages")
    .select(["id", "seq"])
    .where("itinerary_id", "=", itineraryId)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Moves a user's read marker forward to `seq` (never back). */
export async function markReadUpTo(
  db: Db,
  r: { itineraryId: string; userId: string; seq: number; messageId: string | null; now: Date },
): Promise<void> {
  const values = {
    itinerary_id: r.itineraryId,
    user_id: r.userId,
    last_read_seq: r.seq,
    last_read_message_id: r.messageId,
    last_read_at: r.now.toISOString(),
  };
  await db
    .insertInto("trip_message_reads")
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(["itinerary_id", "user_id"])
        .doUpdateSet({
          last_read_seq: r.seq,
          last_read_message_id: r.messageId,
          last_read_at: values.last_read_at,
        })
        .where("trip_message_reads.last_read_seq", "<", r.seq),
    )
    .execute();
}

export async function readMarker(db: Db, itineraryId: string, userId: string) {
  return db
    .selectFrom("trip_message_reads")
    .selectAll()
    .where("itinerary_id", "=", itineraryId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

/** Per itinerary, how many messages others wrote after the user's read marker (absent: none). */
export async function unreadCounts(db: Db, userId: string, itineraryIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (itineraryIds.length === 0) return out;
  const rows = await db
    .selectFrom("trip_messages as m")
    .leftJoin("trip_message_reads as r", (j) =>
      j.onRef("r.itinerary_id", "=", "m.itinerary_id").on("r.user_id", "=", userId),
    )
    .select(["m.itinerary_id", (eb) => eb.fn.countAll().as("n")])
    .where("m.itinerary_id", "in", itineraryIds)
    .where("m.author_user_id", "!=", userId)
    .where((eb) => eb("m.seq", ">", eb.fn.coalesce("r.last_read_seq", eb.lit(0))))
    .groupBy("m.itinerary_id")
    .execute();
  for (const r of rows) out.set(r.itinerary_id, Number(r.n));
  return out;
}

/** Users to tell of a new message besides the patient: the agency's agents and everyone who has posted. */
export async function otherRecipients(db: Db, itn: { id: string; agency_id: string | null }) {
  const agents = itn.agency_id
    ? await db
        .selectFrom("users")
        .select(["id", "language"])
        .where("role", "=", "agent")
        .where("agency_id", "=", itn.agency_id)
        .orderBy("id")
        .execute()
    : [];
  const posters = await db
    .selectFrom("users as u")
    .select(["u.id", "u.language"])
    .where("u.id", "in", (eb) =>
      eb.selectFrom("trip_messages").select("author_user_id").where("itinerary_id", "=", itn.id),
    )
    .orderBy("u.id")
    .execute();
  return [...agents, ...posters];
}
