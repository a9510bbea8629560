import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateD1Migrations } from "./d1-sql";

/** Writes db/d1-migrations/ from db/migrations/ (the one source); removes files no migration makes. */
const DIR = "db/d1-migrations";

const files = await generateD1Migrations();
mkdirSync(DIR, { recursive: true });
const keep = new Set(files.map((f) => f.name));
for (const old of readdirSync(DIR)) {
  if (old.endsWith(".sql") && !keep.has(old)) {
    rmSync(path.join(DIR, old));
    console.log(`removed ${DIR}/${old}`);
  }
}
for (const f of files) writeFileSync(path.join(DIR, f.name), f.sql);
console.log(`wrote ${files.length} D1 migration(s) to ${DIR}/`);
