import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** Plumbing every verb shares the same way; docs/ARCHITECTURE.md does not count it on a path. */
const PLUMBING = new Set([
  "src/services/context.ts",
  "src/services/errors.ts",
  "src/services/scope.ts",
  "src/data/unit-of-work.ts",
  "src/http/if-match.ts",
  "src/http/role-first.ts",
]);

/** The project files a module imports values from (type-only imports left out), with their names. */
function valueImports(file: string): Map<string, string[]> {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found = new Map<string, string[]>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    const named = clause.namedBindings;
    const names =
      named && ts.isNamedImports(named)
        ? named.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text)
        : [clause.name?.text ?? (named as ts.NamespaceImport).name.text];
    const spec = statement.moduleSpecifier.text;
    if (names.length === 0 || !spec.startsWith(".")) continue;
    found.set(`${normalize(join(dirname(file), spec))}.ts`, names);
  }
  return found;
}

/**
 * What a file calls into on the way to SQL: besides the plumbing, and besides src/domain/, whose pure functions
 * (wording, pricing, timelines) reach no SQL (dependency-cruiser's `domain-is-pure` keeps them so).
 */
const onPath = (file: string) =>
  [...valueImports(file).keys()].filter((f) => !PLUMBING.has(f) && !f.startsWith("src/domain/")).sort();

describe("the path of a hold (docs/ARCHITECTURE.md)", () => {
  it("the verb calls into the loader, the policy and two repositories, and the view on the way back", () => {
    expect(onPath("src/services/itineraries/hold.ts")).toEqual([
      "src/data/inventory-repo.ts",
      "src/data/itineraries-repo.ts",
      "src/services/itineraries/load.ts",
      "src/services/itineraries/policy.ts",
      "src/services/itineraries/view.ts",
    ]);
    expect(valueImports("src/services/itineraries/hold.ts").get("src/services/itineraries/view.ts")).toEqual([
      "itineraryView",
    ]);
  });

  it("the route calls the verb and asks the policy's role rule first, and reaches no repository", () => {
    const route = valueImports("src/routes/itineraries/lifecycle.ts");
    expect(route.get("src/services/itineraries/hold.ts")).toEqual(["holdItinerary"]);
    expect(route.get("src/services/itineraries/policy.ts")).toEqual(["requireVerb"]);
    expect([...route.keys()].filter((f) => f.startsWith("src/data/"))).toEqual([]);
  });

  it("from route to SQL: six files, in one direction", () => {
    const verb = onPath("src/services/itineraries/hold.ts").filter((f) => !f.endsWith("/view.ts"));
    const files = new Set(["src/routes/itineraries/lifecycle.ts", "src/services/itineraries/hold.ts", ...verb]);
    expect([...files].sort()).toEqual([
      "src/data/inventory-repo.ts",
      "src/data/itineraries-repo.ts",
      "src/routes/itineraries/lifecycle.ts",
      "src/services/itineraries/hold.ts",
      "src/services/itineraries/load.ts",
      "src/services/itineraries/policy.ts",
    ]);
    // One direction: nothing on the path imports the verb or the route back, and repositories no service.
    for (const file of verb) expect(onPath(file)).not.toContain("src/services/itineraries/hold.ts");
    for (const file of verb.filter((f) => f.startsWith("src/data/")))
      expect(onPath(file).filter((f) => !f.startsWith("src/data/"))).toEqual([]);
  });
});
