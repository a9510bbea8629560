/** What an offer shows the patient, worked out once when it is made and stored with it (JSON). */
import type { PricedItinerary } from "../../domain/pricing/totals";
import type { TimelineEvent, TimelinePoint } from "../../domain/timeline/types";
import type { ChangePlan, PlanSide } from "../itineraries/change-plan";
import type { ResolvedComponent } from "../itineraries/types";

type Money = { amount: number; currency: string };

/** One component as the offer shows it: what it is, when, and what it costs. */
export interface ComponentFace {
  ref: string;
  label: string;
  start: TimelinePoint | null;
  end: TimelinePoint | null;
  price: Money;
}

export interface OfferSummary {
  /** Every component before → after (null: not there); `changed` marks the one the offer changes. */
  components: {
    componentId: string;
    type: string;
    changed: boolean;
    before: ComponentFace | null;
    after: ComponentFace | null;
  }[];
  totals: { before: SideTotals; after: SideTotals };
  /** The new timeline. */
  timeline: { componentId: string; type: string; title: string; start: TimelinePoint; end: TimelinePoint | null }[];
  issues: { severity: string; code: string; message: string }[];
}

interface SideTotals {
  hospital: { dueNow: Money; grandTotal: Money };
  patient: { dueNow: Money; grandTotal: Money };
}

const MAX_EVENTS = 100;

function faceOf(r: ResolvedComponent, events: TimelineEvent[], currency: string): ComponentFace {
  const mine = events.filter((e) => e.componentId === r.id);
  const last = mine.at(-1);
  const medical = r.medical.reduce((s, l) => s + l.lineTotal, 0);
  return {
    ref: r.travel?.ref ?? refOf(r),
    label: r.travel?.description ?? mine[0]?.title ?? r.type,
    start: mine[0]?.start ?? null,
    end: last ? (last.end ?? (mine.length > 1 ? last.start : null)) : null,
    price: r.travel ? r.travel.total : { amount: medical, currency },
  };
}

function refOf(r: ResolvedComponent): string {
  const p = r.params as Record<string, unknown>;
  const ref = p.flightId ?? p.productId ?? p.roomTypeId ?? p.departureId ?? p.consultationId ?? p.quoteId;
  return typeof ref === "string" ? ref : r.id;
}

function totalsOf(p: PricedItinerary): SideTotals {
  return {
    hospital: { dueNow: p.hospitalCurrency.dueNow, grandTotal: p.hospitalCurrency.grandTotal },
    patient: { dueNow: p.patientCurrency.dueNow, grandTotal: p.patientCurrency.grandTotal },
  };
}

function facesOf(side: PlanSide, currency: string) {
  return new Map(side.resolved.map((r) => [r.id, faceOf(r, side.timeline.events, currency)]));
}

export function summarize(plan: ChangePlan, hospitalCurrency: string): OfferSummary {
  const before = facesOf(plan.before, hospitalCurrency);
  const after = facesOf(plan.after, hospitalCurrency);
  const ids = [...new Set([...plan.before.resolved, ...plan.after.resolved].map((r) => r.id))];
  const typeOf = new Map([...plan.before.resolved, ...plan.after.resolved].map((r) => [r.id, r.type as string]));
  return {
    components: ids.map((id) => ({
      componentId: id,
      type: typeOf.get(id)!,
      changed: id === plan.componentId,
      before: before.get(id) ?? null,
      after: after.get(id) ?? null,
    })),
    totals: { before: totalsOf(plan.before.priced), after: totalsOf(plan.after.priced) },
    timeline: plan.after.timeline.events.slice(0, MAX_EVENTS).map((e) => ({
      componentId: e.componentId,
      type: e.type,
      title: e.title,
      start: e.start,
      end: e.end ?? null,
    })),
    issues: plan.after.timeline.issues.map((i) => ({ severity: i.severity, code: i.code, message: i.message })),
  };
}
