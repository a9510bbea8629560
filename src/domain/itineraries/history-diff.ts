/**
 * The difference between two history snapshots of an itinerary, per component, in language-neutral
 * pieces a page words in its own language: "Flight: KC872 24 Dec 14:50 Urumqi → KC872 25 Dec 14:50 Urumqi".
 * Pure: snapshots are the JSON the history keeps (`{status, components, totals}`), read defensively
 * since older entries (or `repriced`, `hold_expired`) carry less.
 */

export interface Point {
  utc: string;
  local: string;
  zone: string;
}

/** A component as one side of a difference shows it. */
export interface Side {
  name: string;
  start: Point | null;
  end: Point | null;
  place: string | null;
}

export interface ComponentDiff {
  componentId: string;
  type: string;
  change: "added" | "removed" | "changed";
  before: Side | null;
  after: Side | null;
}

export interface Money {
  amount: number;
  currency: string;
}

export interface SnapshotDiff {
  status: { before: string; after: string } | null;
  components: ComponentDiff[];
  /** The grand total (hospital currency) when it changed. */
  total: { before: Money; after: Money } | null;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => !!x && typeof x === "object" && !Array.isArray(x);
const REFS = ["flightId", "productId", "roomTypeId", "departureId", "consultationId", "quoteId"];

const isPoint = (x: unknown): x is Point => isObj(x) && typeof x.utc === "string" && typeof x.local === "string";

/** A component's side: its stored label, else the catalog reference its parameters name. */
function sideOf(c: Obj): Side {
  const l = c.label;
  if (isObj(l) && typeof l.name === "string")
    return {
      name: l.name,
      start: isPoint(l.start) ? l.start : null,
      end: isPoint(l.end) ? l.end : null,
      place: typeof l.place === "string" ? l.place : null,
    };
  const ref = REFS.map((k) => c[k]).find((v) => typeof v === "string");
  return { name: typeof ref === "string" ? ref : String(c.type ?? "?"), start: null, end: null, place: null };
}

function componentsOf(s: unknown): Map<string, Obj> {
  const list = isObj(s) && Array.isArray(s.components) ? s.components : [];
  return new Map(list.filter((c): c is Obj => isObj(c) && typeof c.id === "string").map((c) => [c.id as string, c]));
}

/** The parameters that matter (the label is derived, so it is left out of the comparison). */
const paramsKey = (c: Obj) =>
  JSON.stringify(
    Object.keys(c)
      .filter((k) => k !== "label")
      .sort()
      .map((k) => [k, c[k]]),
  );

const moneyOf = (s: unknown): Money | null => {
  const t = isObj(s) && isObj(s.totals) ? s.totals.grandTotal : null;
  return isObj(t) && typeof t.amount === "number" && typeof t.currency === "string"
    ? { amount: t.amount, currency: t.currency }
    : null;
};

/** What changed from `before` to `after`: components added, removed or changed (in `after`'s order), status, total. */
export function diffSnapshots(before: unknown, after: unknown): SnapshotDiff {
  const b = componentsOf(before);
  const a = componentsOf(after);
  const out: ComponentDiff[] = [];
  for (const [id, c] of a) {
    const old = b.get(id);
    const type = String(c.type ?? "?");
    if (!old) out.push({ componentId: id, type, change: "added", before: null, after: sideOf(c) });
    else if (paramsKey(old) !== paramsKey(c))
      out.push({ componentId: id, type, change: "changed", before: sideOf(old), after: sideOf(c) });
  }
  for (const [id, c] of b)
    if (!a.has(id))
      out.push({ componentId: id, type: String(c.type ?? "?"), change: "removed", before: sideOf(c), after: null });
  const sb = isObj(before) && typeof before.status === "string" ? before.status : null;
  const sa = isObj(after) && typeof after.status === "string" ? after.status : null;
  const mb = moneyOf(before);
  const ma = moneyOf(after);
  return {
    status: sb && sa && sb !== sa ? { before: sb, after: sa } : null,
    components: out,
    total: mb && ma && (mb.amount !== ma.amount || mb.currency !== ma.currency) ? { before: mb, after: ma } : null,
  };
}
