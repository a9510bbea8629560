import { z } from "@hono/zod-openapi";
import { AttachmentSchema } from "../../services/messages/schemas";

export const MessageSchema = z
  .object({
    id: z.string().openapi({ example: "msg_01JEXAMPLE" }),
    itineraryId: z.string().openapi({ example: "itn_01JEXAMPLE" }),
    seq: z.number().int().openapi({ description: "1, 2, 3… in the order the trip's messages were posted." }),
    author: z.object({
      userId: z.string(),
      name: z.string(),
      role: z.string().openapi({ description: "patient, agent, clinician, billing or admin, as when posted." }),
    }),
    body: z.string().openapi({ description: "Plain text as typed: escape it wherever it is shown." }),
    attachments: z.array(AttachmentSchema),
    createdAt: z.string().openapi({ example: "2026-12-09T08:30:00.000Z" }),
  })
  .openapi("Message");

export const MessagePageSchema = z
  .object({
    itineraryId: z.string(),
    data: z.array(MessageSchema).openapi({ description: "Oldest first (newest last) within the page." }),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: "Pass as `cursor` for the page of OLDER messages; null when there are none." }),
    lastReadMessageId: z.string().nullable().openapi({ description: "Up to which message you have read." }),
    unread: z.number().int().openapi({ description: "Messages of others after your read marker." }),
  })
  .openapi("MessagePage");

export const ReadMarkerSchema = z
  .object({
    itineraryId: z.string(),
    lastReadMessageId: z.string().nullable(),
    lastReadAt: z.string().nullable(),
    unread: z.number().int(),
  })
  .openapi("MessageReadMarker");
