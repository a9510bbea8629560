import { AsyncLocalStorage } from "node:async_hooks";
import {
  type Dialect,
  type Driver,
  Kysely,
  type KyselyConfig,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type Transaction,
  type UnknownRow,
} from "kysely";
import type { Database } from "./schema";

/**
 * Units of work: one transaction per state change, and inside it every read and write goes
 * through the unit's handle (`uow.db`, a Kysely `Transaction`).
 *
 * Using the outer handle inside a unit is a bug: on SQLite (one connection behind a mutex) it
 * waits forever for the transaction that waits for it, freezing the whole process; on
 * PostgreSQL it takes a second pooled connection, reads outside the transaction and, under
 * load, exhausts the pool. So a guarded database (`guardedKysely`) refuses it at once: its
 * driver throws `OuterHandleInUnitOfWorkError` when a connection is asked for from inside a
 * unit of work of that same database. The unit's own queries never ask: its transaction took
 * its connection before the unit's callback began.
 */

/** Asked for a connection of the outer handle inside a unit of work of the same database. */
export class OuterHandleInUnitOfWorkError extends Error {
  override name = "OuterHandleInUnitOfWorkError";
  constructor() {
    super(
      "The outer database handle was used inside a unit of work of the same database: " +
        "use the unit of work's handle (uow.db / trx). " +
        "Waiting for a second connection would deadlock on SQLite and read outside the transaction on PostgreSQL.",
    );
  }
}

interface OpenUnit {
  /** The guarded database the unit runs on. */
  readonly guard: object;
  /** False once the unit ended: work it spawned and left running may use the outer handle then. */
  open: boolean;
}

const units = new AsyncLocalStorage<OpenUnit>();

/** Carries a guarded database's identity; a database's transactions and `withSchema` copies keep it. */
class GuardKey implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

function guardOf(db: Kysely<any>): GuardKey | undefined {
  return db.getExecutor().plugins.find((p): p is GuardKey => p instanceof GuardKey);
}

/** The dialect's own driver, but asking it for a connection inside one of this database's units throws. */
function guardDriver(driver: Driver, key: GuardKey): Driver {
  const acquireConnection = async () => {
    const unit = units.getStore();
    if (unit?.open && unit.guard === key) throw new OuterHandleInUnitOfWorkError();
    return driver.acquireConnection();
  };
  // Every other member (optional savepoint methods included) is the driver's own, bound once:
  // drivers keep their state in private fields, so they must run with themselves as `this`.
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(driver, {
    get(target, prop) {
      if (prop === "acquireConnection") return acquireConnection;
      if (!bound.has(prop)) {
        const value = Reflect.get(target, prop, target) as unknown;
        bound.set(prop, typeof value === "function" ? value.bind(target) : value);
      }
      return bound.get(prop);
    },
  });
}

/** A Kysely whose outer handle fails at once inside one of its own units of work. */
export function guardedKysely<DB = Database>(config: KyselyConfig): Kysely<DB> {
  const key = new GuardKey();
  const inner = config.dialect;
  const dialect: Dialect = {
    createAdapter: () => inner.createAdapter(),
    createDriver: () => guardDriver(inner.createDriver(), key),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
  };
  return new Kysely<DB>({ ...config, dialect, plugins: [...(config.plugins ?? []), key] });
}

/**
 * Runs `fn` in one transaction of `db`, with the transaction as its only handle. Called with a
 * handle that already is a unit's transaction, `fn` joins that unit (Kysely does not nest).
 */
export async function withUnitOfWork<DB, T>(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<DB>);
  const guard = guardOf(db);
  return db.transaction().execute(async (trx) => {
    if (!guard) return fn(trx);
    const unit: OpenUnit = { guard, open: true };
    try {
      return await units.run(unit, () => fn(trx));
    } finally {
      unit.open = false;
    }
  });
}

/** A service context inside a unit of work: its `db` is the unit's transaction. */
export type InUnitOfWork<C extends { db: Kysely<Database> }> = Omit<C, "db"> & { db: Transaction<Database> };

/**
 * The service-level form (openstatus's `withTransaction(ctx, tx => …)`): `fn` gets the same
 * context with `db` replaced by the unit's transaction, so helpers that take a context read and
 * write through the unit without being told.
 */
export async function withTransaction<C extends { db: Kysely<Database> }, T>(
  ctx: C,
  fn: (uow: C & InUnitOfWork<C>) => Promise<T>,
): Promise<T> {
  return withUnitOfWork(ctx.db, (trx) => fn({ ...ctx, db: trx } as C & InUnitOfWork<C>));
}
