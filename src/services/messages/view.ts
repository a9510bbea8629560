import type { MessageRow } from "../../data/messages-repo";
import type { Attachment } from "./schemas";

/** A message as the API and the pages show it; `body` is the text as typed (each transport escapes it). */
export function messageView(m: MessageRow) {
  return {
    id: m.id,
    itineraryId: m.itinerary_id,
    seq: m.seq,
    author: { userId: m.author_user_id, name: m.author_name, role: m.author_role },
    body: m.body,
    attachments: JSON.parse(m.attachments) as Attachment[],
    createdAt: m.created_at,
  };
}
export type MessageView = ReturnType<typeof messageView>;
