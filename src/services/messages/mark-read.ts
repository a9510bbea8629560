import * as repo from "../../data/messages-repo";
import { withTransaction } from "../../data/unit-of-work";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { loadConversation } from "./load";
import { parseInput } from "./parse";
import { type MarkReadInput, MarkReadInputSchema } from "./schemas";

/**
 * Marks the caller's reading of a trip's conversation: up to `upToMessageId` (a message of this trip), or
 * up to the newest message. The marker only moves forward; reading an empty conversation changes nothing.
 */
export async function markRead({ ctx, input }: { ctx: ServiceContext; input: MarkReadInput }) {
  const p = parseInput(MarkReadInputSchema, input, (f) => (f === "itineraryId" ? "path" : "body"));
  return withTransaction(ctx, async (uow) => {
    const { actor, itn } = await loadConversation(uow, uow.db, p.itineraryId);
    let upTo: { id: string; seq: number } | undefined;
    if (p.upToMessageId) {
      const m = await repo.findMessage(uow.db, p.upToMessageId);
      if (!m || m.itinerary_id !== itn.id) throw notFound("message", p.upToMessageId);
      upTo = m;
    } else upTo = await repo.latestMessage(uow.db, itn.id);
    if (upTo)
      await repo.markReadUpTo(uow.db, {
        itineraryId: itn.id,
        userId: actor.userId,
        seq: upTo.seq,
        messageId: upTo.id,
        now: uow.clock.now(),
      });
    const marker = await repo.readMarker(uow.db, itn.id, actor.userId);
    const unread = (await repo.unreadCounts(uow.db, actor.userId, [itn.id])).get(itn.id) ?? 0;
    return {
      itineraryId: itn.id,
      lastReadMessageId: marker?.last_read_message_id ?? null,
      lastReadAt: marker?.last_read_at ?? null,
      unread,
    };
  });
}
