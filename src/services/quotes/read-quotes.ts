import { decodeCursor, paginate } from "../../data/pagination";
import * as repo from "../../data/quotes-repo";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { requireQuoteRole } from "./policy";
import type { ListQuotesInput } from "./schemas";
import { canSeeQuote, quoteView } from "./view";

/** One quote its reader may see; any other is a 404. */
export async function getQuote({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  requireQuoteRole(ctx, "read");
  const q = await repo.findQuote(ctx.db, input.id);
  if (!q || !canSeeQuote(ctx, q)) throw notFound("quote", input.id);
  return quoteView(ctx, q);
}

/** The quotes the reader may see, newest first; `expired` is `open` past validUntil. */
export async function listQuotes({ ctx, input }: { ctx: ServiceContext; input: ListQuotesInput }) {
  const actor = requireQuoteRole(ctx, "read");
  const f = {
    status: input.status,
    hospitalId: input.hospitalId,
    patientId: input.patientId,
    after: decodeCursor(input.cursor, 1),
    limit: input.limit,
    agencyId: undefined as string | undefined,
  };
  if (actor.role === "patient") f.patientId = actor.patientId!;
  else if (actor.role === "agent") f.agencyId = actor.agencyId!;
  else if (actor.role === "clinician" || actor.role === "billing") f.hospitalId = actor.hospitalId!;
  if (input.patientId && f.patientId !== input.patientId) return { data: [], nextCursor: null };
  if (input.hospitalId && f.hospitalId !== input.hospitalId) return { data: [], nextCursor: null };
  // "expired" is open past validUntil: filter after reading.
  const rows = await repo.listQuotes(ctx.db, { ...f, status: input.status === "expired" ? "open" : input.status });
  const p = paginate(rows, input.limit, (r) => [r.id]);
  const now = ctx.clock.now().toISOString();
  const data = p.data
    .filter((q) =>
      input.status === "open" ? q.valid_until >= now : input.status === "expired" ? q.valid_until < now : true,
    )
    .map((q) => quoteView(ctx, q));
  return { data, nextCursor: p.nextCursor };
}
