import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The parity report's reading thread is bundled beside the server (`npm run build`, run by the
 * tests' global setup). A thread loads every module its bundle imports before it reads a line, so
 * the bundle imports only better-sqlite3 and Node's own modules: kysely alone took a new thread
 * 100-150 ms.
 */
describe("dist/entry/parity-lines-thread.mjs", () => {
  it("imports nothing but better-sqlite3 and node: modules", () => {
    const code = readFileSync(
      fileURLToPath(new URL("../../dist/entry/parity-lines-thread.mjs", import.meta.url)),
      "utf8",
    );
    const imports = [...code.matchAll(/^\s*import\s+(?:[^"';]+\s+from\s+)?["']([^"']+)["']/gm)].map((m) => m[1]!);
    const dynamic = [...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
    expect(imports).toContain("better-sqlite3");
    expect([...imports, ...dynamic].filter((m) => m !== "better-sqlite3" && !m.startsWith("node:"))).toEqual([]);
    expect(code).not.toMatch(/\brequire\(/);
  });
});
