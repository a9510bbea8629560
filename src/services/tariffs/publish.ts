import type { Kysely, Transaction } from "kysely";
import { isUniqueViolation } from "../../data/errors";
import { newId } from "../../data/ids";
import * as quotesRepo from "../../data/quotes-repo";
import type { Database } from "../../data/schema";
import * as repo from "../../data/tariffs-repo";
import { withTransaction } from "../../data/unit-of-work";
import {
  type PremiumClassDeclaration,
  type TariffDraftIssue,
  validateTariffDraft,
} from "../../domain/parity/tariff-draft";
import { localDate } from "../../domain/time/local-time";
import type { ServiceContext } from "../context";
import { businessRule, conflict, type FieldError, validationError } from "../errors";
import { repriceItineraries } from "../itineraries/reprice";
import { repriceOpenQuotes } from "../quotes/reprice-open-quotes";
import { requireBillingOf } from "../scope";
import { requireTariffPublisher } from "./policy";
import type { PublishMode, PublishTariffInput, TariffItemInput } from "./schemas";
import { hospitalOr404, versionSummary } from "./versions";

type Db = Kysely<Database> | Transaction<Database>;

export type { PublishMode, PublishTariffInput, TariffItemInput } from "./schemas";

/** An item of the version to publish, and where it came from: the request's items[j], or the amended version. */
export interface DraftItem {
  item: TariffItemInput;
  /** Index in the request's items, or undefined when inherited from the amended version. */
  from?: number;
}

/**
 * The complete item list of the version to publish. Replace: the request's items. Amend: the version
 * in force on effectiveFrom, each of its items replaced by a listed one of the same code and class
 * (in place), then the listed items it did not have. Premium classes: the request's, then the
 * amended version's not declared again.
 */
export async function draftOf(db: Db, hospitalId: string, input: PublishTariffInput, mode: PublishMode) {
  const listed: DraftItem[] = input.items.map((item, j) => ({ item, from: j }));
  const declared = input.premiumClasses ?? [];
  if (mode === "replace") return { items: listed, premiumClasses: declared, amended: null };
  const rows = await repo.listVersionRows(db, hospitalId);
  const base = rows
    .filter((v) => v.effective_from <= input.effectiveFrom)
    .sort((a, b) =>
      a.effective_from === b.effective_from ? b.version - a.version : b.effective_from.localeCompare(a.effective_from),
    )[0];
  if (!base) {
    throw businessRule(
      "nothing_to_amend",
      `No tariff version is in force on ${input.effectiveFrom} to amend: publish a complete version (mode "replace").`,
      [{ path: "body.mode", message: `no version in force on ${input.effectiveFrom}` }],
    );
  }
  const key = (code: string, serviceClass: string) => `${code}|${serviceClass}`;
  const byKey = new Map(listed.map((d) => [key(d.item.code, d.item.serviceClass), d]));
  const used = new Set<string>();
  const items: DraftItem[] = [];
  for (const r of await repo.itemsOfVersion(db, base.id)) {
    const k = key(r.code, r.service_class);
    const replacement = byKey.get(k);
    if (replacement) {
      if (!used.has(k)) items.push(replacement);
      used.add(k);
      continue;
    }
    items.push({
      item: {
        code: r.code,
        name: JSON.parse(r.name) as Record<string, string>,
        department: r.department_code,
        serviceClass: r.service_class,
        kind: r.kind,
        unit: r.unit,
        unitPrice: r.unit_price,
        ...(r.description === null ? {} : { description: r.description }),
      },
    });
  }
  for (const d of listed) if (!used.has(key(d.item.code, d.item.serviceClass))) items.push(d);
  const redeclared = new Set(declared.map((p) => p.serviceClass));
  const inherited = (base.premium_classes === null ? [] : (JSON.parse(base.premium_classes) as string[])).filter(
    (c) => !redeclared.has(c),
  );
  return {
    items,
    premiumClasses: [...declared, ...inherited.map((serviceClass) => ({ serviceClass, domesticallyAvailable: true }))],
    amended: base.version,
  };
}

/**
 * Codes open quotes use (on a date the new version will govern) whose line the new version can no
 * longer price: no item of that code, department and class. Each must be acknowledged by the request.
 */
export async function removalsToAcknowledge(
  db: Db,
  hospitalId: string,
  input: Pick<PublishTariffInput, "effectiveFrom" | "acknowledgeRemoved">,
  items: DraftItem[],
  nowIso: string,
): Promise<Map<string, string[]>> {
  const dropped = new Map<string, string[]>();
  const lines = await quotesRepo.openQuoteLinesFrom(db, hospitalId, input.effectiveFrom, nowIso);
  if (lines.length === 0) return dropped;
  // A line is governed by the new version unless a version already published takes effect after it, on or
  // before the line's date.
  const later = (await repo.listVersionRows(db, hospitalId))
    .map((v) => v.effective_from)
    .filter((d) => d > input.effectiveFrom);
  const kept = new Set(items.map((d) => `${d.item.code}|${d.item.department}|${d.item.serviceClass}`));
  const acknowledged = new Set(input.acknowledgeRemoved ?? []);
  for (const l of lines) {
    if (later.some((d) => d <= l.service_date)) continue;
    if (kept.has(`${l.code}|${l.department_code}|${l.service_class}`) || acknowledged.has(l.code)) continue;
    const quotes = dropped.get(l.code) ?? [];
    if (!quotes.includes(l.quote_id)) quotes.push(l.quote_id);
    dropped.set(l.code, quotes);
  }
  return new Map([...dropped].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Codes open quotes use (on a date the new version will govern) whose line the new version can no
 * longer price: no item of that code, department and class. Each must be acknowledged by the request.
 */
async function unacknowledgedRemovals(
  db: Db,
  hospitalId: string,
  input: PublishTariffInput,
  items: DraftItem[],
  nowIso: string,
): Promise<FieldError[]> {
  const dropped = await removalsToAcknowledge(db, hospitalId, input, items, nowIso);
  return [...dropped].map(([code, ids]) => ({
    path: "body.acknowledgeRemoved",
    message:
      `${JSON.stringify(code)} is used by ${ids.length} open quote(s) (${ids.join(", ")}) and this version ` +
      "no longer prices it; list it in acknowledgeRemoved to publish anyway (those quotes are withdrawn)",
  }));
}

/** The request's items against the hospital's departments, and one price per code and class. */
function itemErrors(items: TariffItemInput[], departments: Set<string>, hospitalId: string): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    if (!departments.has(item.department))
      errors.push({
        path: `body.items.${i}.department`,
        message: `unknown department '${item.department}' at ${hospitalId}`,
      });
    // One code and class has one price in a version, whatever the department: no "international"
    // department can carry the same service at another price (the database enforces it too).
    const key = `${item.code}|${item.serviceClass}`;
    const dup = seen.get(key);
    if (dup !== undefined)
      errors.push({
        path: `body.items.${i}.code`,
        message: `duplicate of items.${dup}: a code and service class has one price per version`,
      });
    seen.set(key, i);
  });
  return errors;
}

/** The draft's parity issues as one business-rule error, each named by the request's item (or code and class). */
function parityViolation(draft: Awaited<ReturnType<typeof draftOf>>, issues: TariffDraftIssue[]) {
  // Paths name the request's item; an item kept from the amended version is named by code and class.
  const where = (path: string) => {
    const m = /^items\.(\d+)(\..*)?$/.exec(path);
    if (!m) return { path: `body.${path}`, prefix: "" };
    const d = draft.items[Number(m[1])]!;
    return d.from !== undefined
      ? { path: `body.items.${d.from}${m[2] ?? ""}`, prefix: "" }
      : {
          path: "body.items",
          prefix: `${JSON.stringify(d.item.code)} (${d.item.serviceClass}), kept from version ${draft.amended}: `,
        };
  };
  const named = issues.map((x) => ({ ...where(x.path), x }));
  const listed = named.map((n) => `${n.path.slice(5)}: ${n.prefix}${n.x.message}`).join("; ");
  return businessRule(
    "parity_violation",
    "Foreign-patient departments charge only the standard domestic price, and a premium class is only one " +
      `domestic patients buy at its price: ${listed}.`,
    named.map((n) => ({ path: n.path, message: `${n.x.code}: ${n.prefix}${n.x.message}` })),
  );
}

/** The new version and its items, numbered after the last one. */
async function insertDraft(
  trx: Db,
  hospital: { id: string; currency: string },
  input: PublishTariffInput,
  draft: Awaited<ReturnType<typeof draftOf>>,
  by: { userId: string; now: Date },
) {
  const items = draft.items.map((d) => d.item);
  const version = (await repo.maxVersion(trx, hospital.id)) + 1;
  const id = newId("tfv", by.now);
  await repo.insertVersion(
    trx,
    {
      id,
      hospital_id: hospital.id,
      version,
      effective_from: input.effectiveFrom,
      currency: hospital.currency,
      published_at: by.now.toISOString(),
      published_by: by.userId,
      note: input.note ?? null,
      premium_classes: JSON.stringify(draft.premiumClasses.map((p) => p.serviceClass)),
      source_hash: input.sourceHash ?? null,
    },
    items.map((it) => ({
      id: newId("tfi", by.now),
      code: it.code,
      name: JSON.stringify(it.name),
      department_code: it.department,
      service_class: it.serviceClass,
      kind: it.kind,
      unit: it.unit,
      unit_price: it.unitPrice,
      description: it.description ?? null,
    })),
  );
  return { id, version, itemCount: items.length };
}

/**
 * Billing publishes a new version of the hospital's domestic tariff. Versions are immutable:
 * a correction is a new version, complete (`replace`, the default) or built on the version in force
 * (`amend`). A version that drops a code open quotes use needs that code in `acknowledgeRemoved`.
 * Publishing re-prices, in the same transaction, every open quote with a service date the version
 * covers, and tells each patient.
 */
export async function publishTariff({ ctx, input }: { ctx: ServiceContext; input: PublishTariffInput }) {
  const actor = requireTariffPublisher(ctx);
  const hospital = await hospitalOr404(ctx, input.hospitalId);
  requireBillingOf(actor, hospital.id);
  const now = ctx.clock.now();
  const today = localDate(now, hospital.zone);
  if (input.effectiveFrom < today) {
    throw businessRule(
      "tariff_in_past",
      `A tariff version cannot take effect before today (${today}, ${hospital.zone}): history is immutable.`,
      [{ path: "body.effectiveFrom", message: `must be ${today} or later` }],
    );
  }
  const mode = input.mode ?? "replace";
  const departments = new Set(await repo.departmentCodes(ctx.db, hospital.id));
  const errors = itemErrors(input.items, departments, hospital.id);
  if (errors.length) throw validationError("Some tariff items are invalid.", errors);
  const foreignDepartments = await repo.foreignDepartmentCodes(ctx.db, hospital.id);

  const publishedAt = now.toISOString();
  try {
    return await withTransaction(ctx, async (uow) => {
      const trx = uow.db;
      // The complete version, read in the transaction that publishes it (an amend builds on the version in force).
      const draft = await draftOf(trx, hospital.id, input, mode);
      const drafted = draft.items.map((d) => d.item);
      const issues = validateTariffDraft(drafted, draft.premiumClasses, { foreignDepartments });
      if (issues.length) throw parityViolation(draft, issues);
      const removals = await unacknowledgedRemovals(trx, hospital.id, input, draft.items, publishedAt);
      if (removals.length) {
        throw businessRule(
          "removal_not_acknowledged",
          "This version drops codes open quotes use; publishing it withdraws those quotes. " +
            `List each in acknowledgeRemoved to proceed: ${removals.map((r) => r.message).join("; ")}.`,
          removals,
        );
      }
      const { id, version, itemCount } = await insertDraft(trx, hospital, input, draft, { userId: actor.userId, now });
      const versions = await repo.loadTariffVersions(trx, hospital.id);
      const reprice = { hospitalId: hospital.id, fromDate: input.effectiveFrom, versions };
      const reason = `tariff version ${version}`;
      const repriced = await repriceOpenQuotes(uow, trx, { ...reprice, reason });
      const repricedItineraries = await repriceItineraries(uow, { ...reprice, reason });
      const all = await repo.listVersionRows(trx, hospital.id);
      const row = all.find((v) => v.id === id)!;
      return {
        tariffVersion: versionSummary(row, itemCount, today, all),
        mode,
        amendedVersion: draft.amended,
        repricedQuotes: repriced,
        repricedItineraries,
      };
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict("Another tariff version was published at the same time; retry.", "tariff_version_conflict");
    throw err;
  }
}
