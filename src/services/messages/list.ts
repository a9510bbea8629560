import { decodeCursor, encodeCursor, InvalidCursorError } from "../../data/pagination";
import * as repo from "../../data/messages-repo";
import type { ServiceContext } from "../context";
import { loadConversation } from "./load";
import { parseInput } from "./parse";
import { type ListMessagesInput, ListMessagesInputSchema } from "./schemas";
import { messageView } from "./view";

/**
 * A trip's conversation, a page at a time. The first page holds the newest `limit` messages; each page
 * lists its messages oldest first (newest last), and `nextCursor` leads to the older ones before it.
 * Also says up to which message the caller has read and how many of the others' messages are unread.
 */
export async function listMessages({ ctx, input }: { ctx: ServiceContext; input: ListMessagesInput }) {
  const q = parseInput(ListMessagesInputSchema, input, (f) => (f === "itineraryId" ? "path" : "query"));
  const { actor, itn } = await loadConversation(ctx, ctx.db, q.itineraryId);
  const before = decodeCursor(q.cursor, 1)?.[0];
  if (before !== undefined && typeof before !== "number") throw new InvalidCursorError();
  const rows = await repo.listMessages(ctx.db, {
    itineraryId: itn.id,
    before,
    limit: q.limit,
  });
  const more = rows.length > q.limit;
  const page = (more ? rows.slice(0, q.limit) : rows).reverse();
  const marker = await repo.readMarker(ctx.db, itn.id, actor.userId);
  const unread = (await repo.unreadCounts(ctx.db, actor.userId, [itn.id])).get(itn.id) ?? 0;
  return {
    itineraryId: itn.id,
    data: page.map(messageView),
    nextCursor: more && page[0] ? encodeCursor([page[0].seq]) : null,
    lastReadMessageId: marker?.last_read_message_id ?? null,
    unread,
  };
}
