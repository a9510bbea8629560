/** Helpers every benchmark program shares. */
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root (the benchmarks run the server built from it). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Progress goes to stderr; the results table to stdout. */
export const log = (s: string) => process.stderr.write(`${s}\n`);

export const fmt = (n: number, d = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });

/** The median; of an even count, the mean of the middle two. */
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The ISO date `days` after `iso` (UTC). */
export const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The load average over 1, 5 and 15 minutes, as "1.70 1.53 1.99". */
export const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

/** The rate limiter runs (its cost is measured) with budgets no benchmark reaches. */
export const UNREACHED_RATE_LIMITS = {
  RATE_LIMIT_PER_IP: "10000000",
  RATE_LIMIT_PER_TOKEN: "10000000",
  RATE_LIMIT_AUTH: "10000000",
};
