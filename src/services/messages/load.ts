import * as repo from "../../data/messages-repo";
import type { Actor, ServiceContext } from "../context";
import { notFound } from "../errors";
import { isParticipant, requireMessagesActor } from "./policy";
import type { Db } from "./types";

/** The itinerary's parties when the caller takes part in its conversation; 404 otherwise (unknown or not theirs). */
export async function loadConversation(ctx: ServiceContext, db: Db, itineraryId: string) {
  const actor: Actor = requireMessagesActor(ctx);
  const itn = await repo.itineraryParties(db, itineraryId);
  if (!itn || !isParticipant(actor, itn)) throw notFound("itinerary", itineraryId);
  return { actor, itn };
}
