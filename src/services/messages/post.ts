import * as repo from "../../data/messages-repo";
import { enqueueNotification } from "../../data/notifications-repo";
import { isUniqueViolation } from "../../data/errors";
import { withTransaction } from "../../data/unit-of-work";
import type { Actor, ServiceContext } from "../context";
import { busy } from "../errors";
import { loadConversation } from "./load";
import { parseInput } from "./parse";
import { type PostMessageInput, PostMessageInputSchema } from "./schemas";
import type { Db } from "./types";
import { messageView } from "./view";

/** Tries before giving up should two posts still take the same message number (the lock makes it rare). */
const SEQ_TRIES = 5;

/**
 * Who is told of a new message, each once and in their own language: the trip's patient, every agent of
 * the trip's agency, and anyone else (hospital staff, admins) who has posted in this conversation, except
 * the author. Hospital staff join a conversation by posting in it: until then they read it on their own
 * initiative and get no email for each message.
 */
async function recipients(db: Db, itn: repo.ItineraryParties, author: Actor) {
  const out = new Map<string, string>([[itn.patient_user_id, itn.patient_language]]);
  for (const u of await repo.otherRecipients(db, itn)) if (!out.has(u.id)) out.set(u.id, u.language);
  out.delete(author.userId);
  return out;
}

/**
 * Posts a message to a trip's conversation (a participant only: 404 for anyone else) and, in the same
 * unit of work, writes one outbox email per other participant (see `recipients`).
 */
export async function postMessage({ ctx, input }: { ctx: ServiceContext; input: PostMessageInput }) {
  const p = parseInput(PostMessageInputSchema, input, (f) => (f === "itineraryId" ? "path" : "body"));
  await loadConversation(ctx, ctx.db, p.itineraryId);
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(ctx, async (uow) => {
        await repo.lockConversation(uow.db, p.itineraryId, uow.dialect === "postgres");
        const { actor, itn } = await loadConversation(uow, uow.db, p.itineraryId);
        const now = uow.clock.now();
        const id = await repo.insertMessage(uow.db, {
          itineraryId: itn.id,
          seq: await repo.nextSeq(uow.db, itn.id),
          authorUserId: actor.userId,
          authorRole: actor.role,
          body: p.body,
          attachments: p.attachments,
          now,
        });
        for (const [userId, language] of await recipients(uow.db, itn, actor)) {
          await enqueueNotification(uow.db, {
            userId,
            kind: "message_posted",
            language,
            subjectId: itn.id,
            payload: {
              itineraryId: itn.id,
              messageId: id,
              authorName: actor.displayName,
              authorRole: actor.role,
              attachments: p.attachments.length,
            },
            now,
          });
        }
        return messageView((await repo.findMessage(uow.db, id))!);
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (attempt >= SEQ_TRIES) throw busy();
    }
  }
}
