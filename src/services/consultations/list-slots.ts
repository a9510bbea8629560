import * as catalog from "../../data/catalog-repo";
import * as repo from "../../data/consultations-repo";
import { decodeCursor, paginate } from "../../data/pagination";
import { toLocal } from "../../domain/time/local-time";
import type { ServiceContext } from "../context";
import { notFound, validationError } from "../errors";
import { MAX_SLOT_WINDOW_DAYS } from "../schemas";
import type { ListSlotsInput } from "./schemas";

/** Free slots of a hospital in a window (at most MAX_SLOT_WINDOW_DAYS from now or `from`); public. */
export async function listSlots({ ctx, input }: { ctx: ServiceContext; input: ListSlotsInput }) {
  const hospital = await catalog.getHospital(ctx.db, input.hospitalId);
  if (!hospital) throw notFound("hospital", input.hospitalId);
  const now = ctx.clock.now();
  const fromMs = Math.max(now.getTime(), input.from ? Date.parse(input.from) : 0);
  // The window is bounded from where it really starts (now, when `from` is past or absent).
  if (input.to && Date.parse(input.to) - fromMs > MAX_SLOT_WINDOW_DAYS * 86_400_000) {
    throw validationError(`The slot window is at most ${MAX_SLOT_WINDOW_DAYS} days.`, [
      { path: "query.to", message: `must be at most ${MAX_SLOT_WINDOW_DAYS} days after from (or now)` },
    ]);
  }
  const from = new Date(fromMs).toISOString();
  const to = input.to ? new Date(input.to).toISOString() : new Date(fromMs + 60 * 86_400_000).toISOString();
  const rows = await repo.listSlots(ctx.db, {
    hospitalId: hospital.id,
    department: input.department,
    mode: input.mode,
    from,
    to,
    onlyFree: true,
    after: decodeCursor(input.cursor, 2),
    limit: input.limit,
  });
  const p = paginate(rows, input.limit, (r) => [r.starts_at, r.id]);
  return {
    data: p.data.map((s) => ({
      id: s.id,
      hospitalId: s.hospital_id,
      department: s.department_code,
      mode: s.mode,
      startsAt: toLocal(s.starts_at, hospital.zone),
      durationMinutes: s.duration_minutes,
      placesLeft: s.capacity - s.reserved,
    })),
    nextCursor: p.nextCursor,
  };
}
