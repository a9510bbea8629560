import { queueTrips, recommendationsWithoutTrip } from "../../data/agent-queue-repo";
import { getHospital } from "../../data/catalog-repo";
import type { HospitalInfo } from "../../data/itineraries-repo";
import type { ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { priceResolved, resolveStored, timelineOf } from "../itineraries/load";
import { moneyState } from "../itineraries/pricing";
import { agencyScope, requireConsole } from "./policy";
import { type QueueInput, QueueInputSchema } from "./schemas";

/** The trips the queue ranks at most (every held one first, then the most recently changed). */
export const QUEUE_CANDIDATES = 200;
/** Recommendations without a trip the queue lists at most. */
export const QUEUE_RECOMMENDATIONS = 50;

/** Why an entry is in the queue where it is; the first reason sets its place. */
export type QueueReason =
  | "hold_expiring"
  | "timeline_errors"
  | "money_due"
  | "refund_due"
  | "refund_pending"
  | "recommendation"
  | "unread"
  | "open";

/** The place of each reason, most pressing first. */
const RANK: Record<QueueReason, number> = {
  hold_expiring: 0,
  timeline_errors: 1,
  money_due: 2,
  refund_due: 2,
  refund_pending: 2,
  recommendation: 3,
  unread: 4,
  open: 5,
};

type Money = { amount: number; currency: string };
type TripRow = Awaited<ReturnType<typeof queueTrips>>[number];

export interface QueueEntry {
  kind: "trip" | "recommendation";
  /** The trip's id, or the consultation's for a recommendation. */
  id: string;
  reasons: QueueReason[];
  patient: { id: string; name: string };
  hospital: { id: string; name: string };
  status: "draft" | "held" | "confirmed" | null;
  version: number | null;
  holdExpiresAt: string | null;
  errors: number;
  warnings: number;
  /** Due to Caravan and not paid (negative: to refund); null for a recommendation or a trip that cannot price. */
  outstanding: Money | null;
  /** First and last local date of the trip's timeline. */
  dates: { from: string; to: string } | null;
  /** Unread messages: null until the messages service is merged in. */
  unread: number | null;
  /** When it last changed (a recommendation: when it was recorded). */
  at: string;
}

/** A trip's facts for the queue: its timeline's problems and dates, and what is due, computed from its components. */
async function tripEntry(ctx: ServiceContext, row: TripRow, hospital: HospitalInfo, now: string): Promise<QueueEntry> {
  const held = row.status === "held" && !!row.hold_expires_at && row.hold_expires_at > now;
  const status = row.status === "held" && !held ? "draft" : (row.status as "draft" | "held" | "confirmed");
  let errors = 0;
  let warnings = 0;
  let outstanding: Money | null = null;
  let dates: QueueEntry["dates"] = null;
  try {
    const resolved = await resolveStored(ctx.db, row, hospital);
    const timeline = timelineOf(hospital, row, resolved);
    errors = timeline.issues.filter((i) => i.severity === "error").length;
    warnings = timeline.issues.length - errors;
    const local = timeline.events.flatMap((e) => [e.start.local, e.end?.local ?? e.start.local]).sort();
    if (local.length) dates = { from: local[0]!.slice(0, 10), to: local.at(-1)!.slice(0, 10) };
    const priced = await priceResolved(ctx, ctx.db, row, { hospital, resolved });
    const { paid, refunded } = await moneyState(ctx.db, row.id);
    outstanding = { amount: priced.hospitalCurrency.dueNow.amount - (paid - refunded), currency: hospital.currency };
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err;
    errors += 1; // a component whose catalog row or rate is gone: the agent must look at it
  }
  const reasons: QueueReason[] = [];
  if (held) reasons.push("hold_expiring");
  if (errors > 0) reasons.push("timeline_errors");
  if (status === "confirmed" && outstanding && outstanding.amount > 0) reasons.push("money_due");
  if (status === "confirmed" && outstanding && outstanding.amount < 0) reasons.push("refund_due");
  if (row.refund_pending) reasons.push("refund_pending");
  if (reasons.length === 0) reasons.push("open");
  return {
    kind: "trip",
    id: row.id,
    reasons,
    patient: { id: row.patient_id, name: row.patient_name },
    hospital: { id: row.hospital_id, name: row.hospital_name },
    status,
    version: row.version,
    holdExpiresAt: held ? row.hold_expires_at : null,
    errors,
    warnings,
    outstanding,
    dates,
    unread: null,
    at: row.updated_at,
  };
}

/** Most pressing first; within a place: holds by expiry, recommendations oldest first, the rest newest first. */
export function compareEntries(a: QueueEntry, b: QueueEntry): number {
  const ra = RANK[a.reasons[0]!];
  const rb = RANK[b.reasons[0]!];
  if (ra !== rb) return ra - rb;
  if (ra === RANK.hold_expiring) return a.holdExpiresAt!.localeCompare(b.holdExpiresAt!) || a.id.localeCompare(b.id);
  if (ra === RANK.recommendation) return a.at.localeCompare(b.at) || a.id.localeCompare(b.id);
  return b.at.localeCompare(a.at) || a.id.localeCompare(b.id);
}

const overlaps = (d: QueueEntry["dates"], from?: string, to?: string) =>
  (!from && !to) || (!!d && (!from || d.to >= from) && (!to || d.from <= to));

/**
 * The agent's queue: the agency's open trips and recommendations without a trip, most pressing
 * first — holds expiring soonest, timeline errors, money due or a refund pending on confirmed trips,
 * recommendations with no trip yet, the rest. Bounded: it ranks at most QUEUE_CANDIDATES trips and
 * QUEUE_RECOMMENDATIONS recommendations; a page is at most 50 entries, at most 10 pages.
 */
export async function agentQueue({ ctx, input }: { ctx: ServiceContext; input: QueueInput }) {
  const actor = requireConsole(ctx);
  const f = QueueInputSchema.parse(input);
  const filter = {
    agencyId: agencyScope(actor),
    status: f.status,
    hospitalId: f.hospitalId,
    patientId: f.patientId,
    search: f.q || undefined,
  };
  const now = ctx.clock.now().toISOString();
  const rows = await queueTrips(ctx.db, filter, QUEUE_CANDIDATES);
  const hospitals = new Map<string, HospitalInfo>();
  for (const id of new Set(rows.map((r) => r.hospital_id))) hospitals.set(id, (await getHospital(ctx.db, id))!);
  const entries: QueueEntry[] = [];
  for (const row of rows) entries.push(await tripEntry(ctx, row, hospitals.get(row.hospital_id)!, now));
  const recs = f.status ? [] : await recommendationsWithoutTrip(ctx.db, filter, QUEUE_RECOMMENDATIONS);
  for (const r of recs)
    entries.push({
      kind: "recommendation",
      id: r.id,
      reasons: ["recommendation"],
      patient: { id: r.patient_id, name: r.patient_name },
      hospital: { id: r.hospital_id, name: r.hospital_name },
      status: null,
      version: null,
      holdExpiresAt: null,
      errors: 0,
      warnings: 0,
      outstanding: null,
      dates: r.recommended_at ? { from: r.recommended_at.slice(0, 10), to: r.recommended_at.slice(0, 10) } : null,
      unread: null,
      at: r.recommended_at ?? "",
    });
  const matching = entries
    .filter((e) => (f.status ? e.status === f.status : true) && overlaps(e.dates, f.from, f.to))
    .sort(compareEntries);
  const start = (f.page - 1) * f.limit;
  return {
    data: matching.slice(start, start + f.limit),
    page: f.page,
    limit: f.limit,
    total: matching.length,
    /** True when more trips matched than the queue ranks (narrow the filters to see the rest). */
    truncated: rows.length === QUEUE_CANDIDATES,
  };
}
export type AgentQueue = Awaited<ReturnType<typeof agentQueue>>;
