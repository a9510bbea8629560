import * as repo from "../../data/tariffs-repo";
import { type TariffVersion, versionInForce } from "../../domain/pricing/tariff";
import { diffTariff } from "../../domain/tariffs/diff";
import type { ServiceContext } from "../context";
import { ConflictError, preconditionFailed } from "../errors";
import { previewItineraryRepricing } from "../itineraries/reprice";
import { previewOpenQuoteRepricing } from "../quotes/reprice-open-quotes";
import { draftOf, publishTariff, removalsToAcknowledge } from "./publish";
import type { PublishTariffInput, TariffUploadInput } from "./schemas";
import { type CheckedUpload, checkUpload, reportOf, requireValid } from "./upload";
import { versionSummary } from "./versions";

/** The publishTariff input an upload stands for. */
function publishInput(checked: CheckedUpload, input: TariffUploadInput): PublishTariffInput {
  return {
    hospitalId: checked.hospital.id,
    effectiveFrom: checked.effectiveFrom,
    mode: checked.mode,
    items: checked.report.items.map(({ row: _row, ...item }) => item),
    premiumClasses: checked.premiumClasses.map((serviceClass) => ({ serviceClass, domesticallyAvailable: true })),
    ...(input.acknowledgeRemoved ? { acknowledgeRemoved: input.acknowledgeRemoved } : {}),
    ...(input.note ? { note: input.note } : {}),
    sourceHash: checked.key,
  };
}

/** What the version would change, from the database as it is now; nothing is written. */
async function previewOf(ctx: ServiceContext, checked: CheckedUpload, input: TariffUploadInput) {
  const { hospital, effectiveFrom } = checked;
  const publish = publishInput(checked, input);
  const draft = await draftOf(ctx.db, hospital.id, publish, checked.mode);
  const versions = await repo.loadTariffVersions(ctx.db, hospital.id);
  const current = versionInForce(versions, effectiveFrom);
  const items = draft.items.map((d) => d.item);
  const candidate: TariffVersion = {
    id: "tfv_preview",
    version: Math.max(0, ...versions.map((v) => v.version)) + 1,
    effectiveFrom,
    currency: hospital.currency,
    items,
  };
  const now = ctx.clock.now();
  const args = { hospitalId: hospital.id, fromDate: effectiveFrom, versions: [...versions, candidate] };
  const quotes = await previewOpenQuoteRepricing(ctx.db, now, args);
  const itineraries = await previewItineraryRepricing(ctx.db, args);
  const removals = await removalsToAcknowledge(ctx.db, hospital.id, { effectiveFrom }, draft.items, now.toISOString());
  const repriced = quotes.filter((q) => !q.withdrawn);
  return {
    againstVersion: current ? { version: current.version, effectiveFrom: current.effectiveFrom } : null,
    amendedVersion: draft.amended,
    itemCount: items.length,
    diff: diffTariff(current?.items ?? [], items),
    quotes: quotes.map(({ revision: _r, ...q }) => q),
    itineraries,
    totals: {
      quotesRepriced: repriced.length,
      quotesWithdrawn: quotes.length - repriced.length,
      quotesDelta: repriced.reduce((s, q) => s + q.after - q.before, 0),
      itinerariesRepriced: itineraries.length,
      itinerariesDelta: itineraries.reduce((s, i) => s + i.after - i.before, 0),
    },
    acknowledgeRemoved: [...removals].map(([code, quoteIds]) => ({ code, quoteIds })),
  };
}

/**
 * Billing previews a tariff spreadsheet: the report, and when it has no error what the version changes
 * against the version in force on its date (added, removed, dearer, cheaper), which open quotes and
 * trips it re-prices and by how much, and which removed codes open quotes use (to acknowledge).
 * The same re-pricing the publication runs, without writing anything.
 */
export async function previewTariffUpload({ ctx, input }: { ctx: ServiceContext; input: TariffUploadInput }) {
  const checked = await checkUpload(ctx, input);
  const report = reportOf(checked);
  return { ...report, preview: report.valid ? await previewOf(ctx, checked, input) : null };
}

/** The version an upload was published as, in publishTariff's shape (nothing re-priced this time). */
async function alreadyPublished(ctx: ServiceContext, checked: CheckedUpload) {
  const rows = await repo.listVersionRows(ctx.db, checked.hospital.id);
  const row = rows.find((r) => r.source_hash === checked.key);
  if (!row) return null;
  return {
    tariffVersion: versionSummary(row, Number(row.item_count ?? 0), checked.today, rows),
    mode: checked.mode,
    amendedVersion: null,
    repricedQuotes: [],
    repricedItineraries: [],
    alreadyPublished: true,
  };
}

/**
 * Billing publishes a tariff spreadsheet: checked again (400 with every error's place), then published
 * as publishTariff publishes JSON (removals open quotes use must be acknowledged). Once per upload: the
 * same CSV, date, mode and classes confirmed again answers the version already published.
 */
export async function publishTariffUpload({ ctx, input }: { ctx: ServiceContext; input: TariffUploadInput }) {
  const checked = await checkUpload(ctx, input);
  if (input.key !== undefined && input.key !== checked.key)
    throw preconditionFailed("The upload is not the one previewed (its content, date, mode or classes changed).");
  const done = await alreadyPublished(ctx, checked);
  if (done) return done;
  requireValid(checked);
  try {
    return { ...(await publishTariff({ ctx, input: publishInput(checked, input) })), alreadyPublished: false };
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    const raced = await alreadyPublished(ctx, checked);
    if (raced) return raced;
    throw err;
  }
}
