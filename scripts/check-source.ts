/**
 * Source limits (STYLE.md, issue 13), in src/, scripts/, db/ (not db/seed) and test/: a file at most 400 lines,
 * a function body at most 80 lines, a line at most 120 characters. In tests a callback given to `describe` is a
 * group of tests, not a function that does work, and is bounded by the file's limit only.
 * `npm run lint:source` prints each violation as file:line and exits 1.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";

export const LIMITS = { fileLines: 400, functionLines: 80, lineChars: 120 } as const;

/** Folders checked, relative to the project root. */
export const CHECKED_DIRS = ["src", "scripts", "test", "db"] as const;

/** Paths never checked: seed data, generated files, the generated contract. */
const EXCLUDED = [/^db\/seed\//, /^db\/d1-migrations\//, /^openapi\//, /(^|\/)node_modules\//, /(^|\/)dist\//];

/** A file saying so in its first lines is generated and not checked. */
const GENERATED_MARK = /@generated|generated file|do not edit/i;

export type ViolationKind = "file-lines" | "function-lines" | "line-chars";

export interface Violation {
  file: string;
  line: number;
  kind: ViolationKind;
  message: string;
}

/**
 * Every script (.ts, .tsx, .js, .mjs, .cjs) and stylesheet under the checked folders of `root`, as paths
 * relative to it with forward slashes.
 */
export function listSourceFiles(root: string, dirs: readonly string[] = CHECKED_DIRS): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const rel = relative(root, full).split(sep).join("/");
      if (EXCLUDED.some((pattern) => pattern.test(`${rel}/`))) continue;
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(tsx?|m?js|cjs|css)$/.test(name)) files.push(rel);
    }
  };
  for (const dir of dirs) {
    const full = join(root, dir);
    if (statSync(full, { throwIfNoEntry: false })?.isDirectory()) walk(full);
  }
  return files;
}

/** The kind of function a node is, or undefined when it is none. */
function functionLabel(node: ts.Node, source: ts.SourceFile): string | undefined {
  const named = (kind: string, name: ts.Node | undefined) => (name ? `${kind} ${name.getText(source)}` : kind);
  if (ts.isFunctionDeclaration(node)) return named("function", node.name);
  if (ts.isFunctionExpression(node)) return named("function", node.name);
  if (ts.isMethodDeclaration(node)) return named("method", node.name);
  if (ts.isConstructorDeclaration(node)) return "constructor";
  if (ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) return named("accessor", node.name);
  if (ts.isArrowFunction(node)) {
    const parent = node.parent;
    if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))
      return named("arrow function", parent.name);
    if (ts.isCallExpression(parent)) return `arrow function passed to ${parent.expression.getText(source)}`;
    return "arrow function";
  }
  return undefined;
}

/** Whether a node is the callback of a `describe(...)` group (`describe.each(rows)(...)` and the like). */
function isDescribeCallback(node: ts.Node, source: ts.SourceFile): boolean {
  const call = node.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(node as ts.Expression)) return false;
  let callee: ts.Expression = call.expression;
  while (ts.isCallExpression(callee) || ts.isPropertyAccessExpression(callee)) callee = callee.expression;
  return callee.getText(source) === "describe";
}

/** The function bodies of one file longer than the limit. */
function longFunctions(file: string, text: string): Violation[] {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const found: Violation[] = [];
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: ts.Node): void => {
    const label = functionLabel(node, source);
    const body = (node as ts.FunctionLikeDeclaration).body;
    const group = file.startsWith("test/") && isDescribeCallback(node, source);
    if (label && body && !group) {
      const start = lineOf(body.getStart(source));
      const lines = lineOf(body.getEnd()) - start + 1;
      if (lines > LIMITS.functionLines) {
        const message = `${label}: body of ${lines} lines (at most ${LIMITS.functionLines})`;
        found.push({ file, line: lineOf(node.getStart(source)), kind: "function-lines", message });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The violations of one file, given its text. */
export function checkText(file: string, text: string): Violation[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  if (GENERATED_MARK.test(lines.slice(0, 3).join("\n"))) return [];
  const found: Violation[] = [];
  if (lines.length > LIMITS.fileLines) {
    const message = `file of ${lines.length} lines (at most ${LIMITS.fileLines})`;
    found.push({ file, line: LIMITS.fileLines + 1, kind: "file-lines", message });
  }
  if (!file.endsWith(".css")) found.push(...longFunctions(file, text));
  lines.forEach((line, index) => {
    const chars = [...line.replace(/\r$/, "")].length;
    if (chars > LIMITS.lineChars) {
      const message = `line of ${chars} characters (at most ${LIMITS.lineChars})`;
      found.push({ file, line: index + 1, kind: "line-chars", message });
    }
  });
  return found.sort((a, b) => a.line - b.line);
}

/** The violations of every checked file under `root`. */
export function checkSource(root: string, dirs: readonly string[] = CHECKED_DIRS): Violation[] {
  return listSourceFiles(root, dirs).flatMap((file) => checkText(file, readFileSync(join(root, file), "utf8")));
}

function main(): void {
  const violations = checkSource(process.cwd());
  for (const v of violations) console.log(`${v.file}:${v.line}: ${v.kind}: ${v.message}`);
  if (violations.length > 0) {
    const files = new Set(violations.map((v) => v.file)).size;
    console.error(`check-source: ${violations.length} violation(s) in ${files} file(s)`);
    process.exit(1);
  }
  console.log("check-source: every file within the limits");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
