import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** The timeline and calendar modules: luxon, siblings and the shared local-time helper only; no clock. */
const DIRS = ["timeline", "calendar"].map(
  (d) => [d, fileURLToPath(new URL(`../../../src/domain/${d}/`, import.meta.url))] as const,
);
const ALLOWED = /^(luxon|\.\/[\w-]+|\.\.\/time\/local-time)$/;
const CLOCK = [/\bDate\s*\.\s*now\b/, /\bnew\s+Date\b/, /\bDate\s*\(/];

function specifiers(text: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[1] as string));
}

const files = DIRS.flatMap(([dir, root]) =>
  readdirSync(root)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => [`${dir}/${f}`, join(root, f)] as const),
);

describe("src/domain/timeline and src/domain/calendar stay pure", () => {
  it("has the modules", () => {
    expect(files.map(([name]) => name)).toEqual(expect.arrayContaining(["timeline/index.ts", "calendar/ics.ts"]));
  });

  it("the checker catches a forbidden import and a clock read", () => {
    const bad = 'import { Hono } from "hono";\nimport { x } from "../pricing/money";\nconst t = Date.now();';
    expect(specifiers(bad).filter((s) => !ALLOWED.test(s))).toEqual(["hono", "../pricing/money"]);
    expect(CLOCK.some((re) => re.test(bad))).toBe(true);
  });

  it.each(files)("%s imports only luxon, siblings and ../time/local-time, and reads no clock", (_name, file) => {
    const text = readFileSync(file, "utf8");
    expect(specifiers(text).filter((s) => !ALLOWED.test(s))).toEqual([]);
    expect(CLOCK.filter((re) => re.test(text)).map(String)).toEqual([]);
  });
});
