/**
 * Stripe's wire format for the test Stripe server: form bodies in bracket notation, canonical parameters for
 * idempotency, and the ids, timestamps and amounts its objects carry.
 */
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** `a[b][c]=1&d[]=x&d[]=y&e[0]=z` → `{ a: { b: { c: "1" } }, d: ["x", "y"], e: ["z"] }` (values stay strings). */
export function parseForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const head = /^[^[]*/.exec(key)![0];
    const rest = key.slice(head.length);
    const parts = [head, ...Array.from(rest.matchAll(/\[([^\]]*)\]/g), (m) => m[1]!)];
    if (parts.some((p) => FORBIDDEN_KEYS.has(p))) continue;
    let node: any = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      if (part === "") {
        // `x[]=…`: append
        if (!Array.isArray(node.__list)) node.__list = [];
        if (last) node.__list.push(value);
        else {
          const child = {};
          node.__list.push(child);
          node = child;
        }
        continue;
      }
      if (last) node[part] = value;
      else {
        if (typeof node[part] !== "object" || node[part] === null) node[part] = {};
        node = node[part];
      }
    }
  }
  return normalise(root) as Record<string, unknown>;
}

function normalise(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const obj = value as Record<string, unknown>;
  if (Array.isArray(obj.__list) && Object.keys(obj).length === 1) return (obj.__list as unknown[]).map(normalise);
  const keys = Object.keys(obj);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    const sorted = keys.map(Number).sort((a, b) => a - b);
    if (sorted.every((n, i) => n === i)) return sorted.map((n) => normalise(obj[String(n)]));
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = normalise(obj[k]);
  return out;
}

/** Parameters as a string with object keys sorted, to compare an idempotent retry with its first request. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function redactKey(key: string): string {
  return key.length > 12 ? `${key.slice(0, 8)}${"*".repeat(key.length - 12)}${key.slice(-4)}` : "****";
}

export function money(minor: number, currency: string): string {
  return `${(minor / 100).toFixed(2)} ${currency.toUpperCase()}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** `n` random characters for object ids (`pi_…`, `re_…`). */
export function token(n: number): string {
  const bytes = randomBytes(n);
  let s = "";
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return s;
}
