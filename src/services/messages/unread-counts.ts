import * as repo from "../../data/messages-repo";
import type { ServiceContext } from "../context";
import { parseInput } from "./parse";
import { isParticipant, requireMessagesActor } from "./policy";
import { type UnreadCountsInput, UnreadCountsInputSchema } from "./schemas";

/**
 * For the signed-in actor, how many messages others posted after their read marker, per itinerary (at most
 * 200 ids, else a 400 naming `itineraryIds`). The map has an entry (0 when all is read) for every given
 * itinerary the actor takes part in, and none for ids that are unknown or not theirs.
 */
export async function unreadCounts({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: UnreadCountsInput;
}): Promise<Map<string, number>> {
  const actor = requireMessagesActor(ctx);
  const p = parseInput(UnreadCountsInputSchema, input);
  const ids = [...new Set(p.itineraryIds)];
  const mine = (await repo.partiesOf(ctx.db, ids)).filter((itn) => isParticipant(actor, itn)).map((i) => i.id);
  const counts = await repo.unreadCounts(ctx.db, actor.userId, mine);
  return new Map(mine.map((id) => [id, counts.get(id) ?? 0]));
}
