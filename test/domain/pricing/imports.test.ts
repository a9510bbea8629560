import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../src/domain/pricing/", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier: static imports/exports, dynamic import(), require(). */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) found.push(match[1] as string);
  }
  return found;
}

const FORBIDDEN_MODULE = /^(hono|kysely|stripe|nodemailer|luxon)(\/|$)|^node:|^@hono\//;
const FORBIDDEN_CODE: Array<[RegExp, string]> = [
  [/\bDate\s*\.\s*now\b/, "Date.now"],
  [/\bnew\s+Date\b/, "new Date"],
  [/\bparseFloat\b/, "parseFloat (money is never a float)"],
  [/\btoFixed\b/, "toFixed (money is never a float)"],
  [/\bMath\s*\.\s*round\b/, "Math.round (round half-even on BigInt instead)"],
];

describe("src/domain/pricing stays pure", () => {
  const files = sourceFiles(root);

  it("has the expected modules", () => {
    const names = files.map((f) => relative(root, f)).sort();
    expect(names).toEqual(
      expect.arrayContaining(["fees.ts", "fx.ts", "index.ts", "medical.ts", "money.ts", "tariff.ts", "totals.ts"]),
    );
  });

  it("the checker itself catches forbidden imports and clocks", () => {
    const bad =
      'import { Hono } from "hono";\nimport { readFileSync } from "node:fs";\n' +
      'const k = await import("kysely");\nconst t = Date.now();';
    expect(specifiers(bad).filter((s) => FORBIDDEN_MODULE.test(s))).toEqual(["hono", "node:fs", "kysely"]);
    expect(FORBIDDEN_CODE.some(([re]) => re.test(bad))).toBe(true);
  });

  it.each(files.map((f) => [relative(root, f), f]))("%s imports only sibling pricing modules", (_name, file) => {
    const text = readFileSync(file, "utf8");
    const imported = specifiers(text);
    expect(imported.filter((s) => FORBIDDEN_MODULE.test(s))).toEqual([]);
    expect(imported.filter((s) => !s.startsWith("./"))).toEqual([]);
  });

  it.each(files.map((f) => [relative(root, f), f]))(
    "%s reads no clock and uses no float money helpers",
    (_name, file) => {
      const text = readFileSync(file, "utf8");
      expect(FORBIDDEN_CODE.filter(([re]) => re.test(text)).map(([, what]) => what)).toEqual([]);
    },
  );
});
