import type { ColumnType } from "kysely";

/** bigint columns come back as number (the Postgres dialect installs a parser for int8). */
export type Int = ColumnType<number, number, number>;
/** A column with a database default. */
export type Defaulted<T> = ColumnType<T, T | undefined, T>;
