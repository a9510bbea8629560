import { z } from "zod";

/**
 * Configuration, parsed once from an environment-like record and passed in.
 * Never read at import time or at request time.
 */
const base64Key = (bytes: number) =>
  z.string().refine((s) => {
    try {
      return atob(s).length === bytes;
    } catch {
      return false;
    }
  }, `must be ${bytes} bytes encoded in base64`);

export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Where the Stripe SDK sends requests; default Stripe's own API. Tests point it at a local server. */
  STRIPE_API_URL: z
    .string()
    .regex(/^https?:\/\/[^/]+\/?$/, "must be an origin such as http://127.0.0.1:12111")
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Caravan <no-reply@caravan.example>"),
  /** AES-256-GCM key for PII at rest (passport numbers, birth dates), base64 of 32 bytes. */
  ENCRYPTION_KEY: base64Key(32).optional(),
  /** Ed25519 private key seed for parity affirmations, base64 of 32 bytes. */
  SIGNING_KEY: base64Key(32).optional(),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  HOLD_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(20),
  SEED_DEMO: z.enum(["auto", "always", "never"]).default("auto"),
  /**
   * Migrate at start: auto = the embedded default only; always = also PostgreSQL (Kysely's migration lock makes
   * concurrent starters run each migration once).
   */
  MIGRATE_ON_START: z.enum(["auto", "always", "never"]).default("auto"),
  /** Benchmark only: GET /__bench/hello and /__bench/sql answered in front of the app (src/entry/bench-routes.ts). */
  BENCH_HELLO: z
    .enum(["0", "1"])
    .default("0")
    .transform((v) => v === "1"),
  /** Rate limiting (SPEC §12): on unless RATE_LIMIT=off; budgets are requests per window. */
  RATE_LIMIT: z
    .enum(["on", "off"])
    .default("on")
    .transform((v) => v === "on"),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(60),
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).max(10_000_000).default(600),
  RATE_LIMIT_PER_TOKEN: z.coerce.number().int().min(1).max(10_000_000).default(300),
  /** The strict budget per address shared by sign-up, sign-in and failed authentication. */
  RATE_LIMIT_AUTH: z.coerce.number().int().min(1).max(10_000_000).default(10),
  RATE_LIMIT_AUTH_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(900),
  /** How many reverse proxies in front append to X-Forwarded-For; 0 ignores the header. */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Redis shared by all instances for rate-limit counters. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses configuration; empty strings count as unset. Throws ConfigError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.shape)) {
    const value = source[key];
    if (value !== undefined && value.trim() !== "") cleaned[key] = value.trim();
  }
  const result = EnvSchema.superRefine((e, ctx) => {
    if (!!e.STRIPE_SECRET_KEY !== !!e.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: [e.STRIPE_SECRET_KEY ? "STRIPE_WEBHOOK_SECRET" : "STRIPE_SECRET_KEY"],
        message: "card payments need both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET",
      });
    }
  }).safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
  }
  return result.data;
}
