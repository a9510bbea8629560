import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEMO_USERS } from "../db/seed/demo-users";
import { generateD1Seed } from "./d1-sql";

/**
 * Loads the demo data into the D1 database `DB`, once:
 *   npm run d1:seed                          the local database of `wrangler dev`
 *   npm run d1:seed -- --persist-to DIR      a local database kept under DIR
 *   npm run d1:seed -- --remote              the deployed database
 *   npm run d1:seed -- --out seed.sql        only write the SQL file
 * PII in the demo data is encrypted with ENCRYPTION_KEY: from the environment, else the
 * `[vars]` of wrangler.toml (the dev-only key), so it must be the key the Worker uses.
 */
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const require = createRequire(import.meta.url);
const wranglerBin = require.resolve("wrangler/bin/wrangler.js");

async function encryptionKey(): Promise<string> {
  if (process.env.ENCRYPTION_KEY) return process.env.ENCRYPTION_KEY;
  const { unstable_readConfig } = await import("wrangler");
  const vars = unstable_readConfig({ config: option("--config") ?? "wrangler.toml" }).vars as Record<string, unknown>;
  if (typeof vars.ENCRYPTION_KEY === "string") return vars.ENCRYPTION_KEY;
  throw new Error(
    "Set ENCRYPTION_KEY to the key the Worker uses (wrangler secret), so the demo PII can be decrypted there.",
  );
}

const sql = await generateD1Seed({ now: new Date(), encryptionKey: await encryptionKey() });
const out = option("--out");
if (out) {
  writeFileSync(out, sql);
  console.log(`wrote ${out}`);
  process.exit(0);
}

const dir = mkdtempSync(path.join(tmpdir(), "caravan-d1-seed-"));
const file = path.join(dir, "seed.sql");
writeFileSync(file, sql);
try {
  const where = flag("--remote")
    ? ["--remote"]
    : ["--local", ...(option("--persist-to") ? ["--persist-to", option("--persist-to")!] : [])];
  const config = option("--config") ? ["--config", option("--config")!] : [];
  const r = spawnSync(
    process.execPath,
    [wranglerBin, "d1", "execute", "DB", ...where, ...config, "--file", file, "--yes"],
    {
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    },
  );
  const output = `${r.stdout}\n${r.stderr}`;
  if (/UNIQUE constraint failed: app_meta\.key/.test(output)) {
    console.log("Demo data already present (the demo_seeded marker exists); nothing changed.");
  } else if (r.status !== 0) {
    console.error(output);
    process.exit(r.status ?? 1);
  } else {
    console.log("Demo data loaded into D1 database DB.");
  }
  console.log("Demo tokens (demo data only; use as `Authorization: Bearer <token>`):");
  for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(9)} ${u.token.padEnd(30)} ${u.displayName}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
