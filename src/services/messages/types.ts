import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../data/schema";

/** A handle outside or inside a unit of work. */
export type Db = Kysely<Database> | Transaction<Database>;
