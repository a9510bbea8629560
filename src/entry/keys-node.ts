import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "../env";
import { randomBytes, toBase64 } from "../ports/crypto";

export interface Keys {
  encryptionKey: string;
  signingKey: string;
}

/**
 * Keys from configuration; the embedded default makes them once and keeps them
 * under DATA_DIR/keys.json (mode 600). With DATABASE_URL every instance must share
 * the same keys, so they must be configured.
 */
export function loadKeys(env: Env): Keys {
  if (env.ENCRYPTION_KEY && env.SIGNING_KEY) {
    return { encryptionKey: env.ENCRYPTION_KEY, signingKey: env.SIGNING_KEY };
  }
  if (env.DATABASE_URL) {
    const missing = [!env.ENCRYPTION_KEY && "ENCRYPTION_KEY", !env.SIGNING_KEY && "SIGNING_KEY"].filter(Boolean);
    throw new Error(
      `With DATABASE_URL set, ${missing.join(" and ")} must be configured so every instance shares them ` +
        `(generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))").`,
    );
  }
  const file = path.join(env.DATA_DIR, "keys.json");
  let stored: Partial<Keys> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, "utf8")) as Partial<Keys>;
  const keys: Keys = {
    encryptionKey: env.ENCRYPTION_KEY ?? stored.encryptionKey ?? toBase64(randomBytes(32)),
    signingKey: env.SIGNING_KEY ?? stored.signingKey ?? toBase64(randomBytes(32)),
  };
  if (stored.encryptionKey !== keys.encryptionKey || stored.signingKey !== keys.signingKey) {
    mkdirSync(env.DATA_DIR, { recursive: true });
    writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  }
  return keys;
}
