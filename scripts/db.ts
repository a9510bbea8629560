/**
 * npm run db:migrate | db:rollback | db:seed — against DATABASE_URL, or the embedded SQLite file.
 */
import { seedDemo } from "../db/seed/demo";
import { openDatabase } from "../src/data/connect-node";
import { migrateDown, migrateToLatest } from "../src/data/migrate";
import { loadKeys } from "../src/entry/keys-node";
import { ConfigError, parseEnv } from "../src/env";
import { createPiiCipher } from "../src/ports/crypto";

async function main(command: string | undefined) {
  const env = parseEnv(process.env);
  const handle = openDatabase(env);
  try {
    if (command === "migrate") {
      const done = await migrateToLatest(handle.db);
      console.log(done.length ? done.join("\n") : "Already up to date.");
    } else if (command === "down") {
      const done = await migrateDown(handle.db);
      console.log(done.length ? done.join("\n") : "Nothing to undo.");
    } else if (command === "seed") {
      await migrateToLatest(handle.db);
      const cipher = await createPiiCipher(loadKeys(env).encryptionKey);
      const { seeded } = await seedDemo(handle.db, { now: new Date(), encrypt: cipher.encrypt });
      console.log(seeded ? `Demo data loaded into ${handle.describe}.` : "Demo data already present; nothing added.");
    } else {
      throw new Error("usage: tsx scripts/db.ts migrate|down|seed");
    }
  } finally {
    await handle.close();
  }
}

main(process.argv[2]).catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `db: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
