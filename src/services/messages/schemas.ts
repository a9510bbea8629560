/**
 * What the message verbs take, as zod schemas: the services' input types are inferred from them and the
 * REST routes reuse them in their contract.
 */
import { z } from "zod";
import { PageQuery } from "../schemas";

const Id = z.string().min(3).max(64);

/** Longest message, in characters; most attachments a message may list; largest attachment. */
export const MESSAGE_MAX_CHARS = 4000;
export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
/** Most itineraries `unreadCounts` takes at once. */
export const MAX_UNREAD_IDS = 200;

export const AttachmentSchema = z
  .object({
    name: z.string().trim().min(1).max(200).meta({ example: "discharge-summary.pdf" }),
    mediaType: z
      .string()
      .max(100)
      .regex(/^[\w.+-]+\/[\w.+-]+$/, "expected a media type such as application/pdf")
      .meta({ example: "application/pdf" }),
    sizeBytes: z.number().int().min(0).max(MAX_ATTACHMENT_BYTES).meta({ example: 482133 }),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, "expected a hex SHA-256")
      .transform((s) => s.toLowerCase())
      .optional(),
  })
  .strict()
  .meta({
    id: "MessageAttachment",
    description:
      `Metadata of a file the author shares (at most ${MAX_ATTACHMENT_BYTES} bytes, 25 MiB); ` +
      "the file itself is not uploaded here.",
  });
export type Attachment = z.infer<typeof AttachmentSchema>;

export const PostMessageBodySchema = z
  .object({
    body: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(MESSAGE_MAX_CHARS, `must be at most ${MESSAGE_MAX_CHARS} characters`)
      .meta({ description: "Plain text, 1–4000 characters; shown as typed (never as HTML)." }),
    attachments: z.array(AttachmentSchema).max(MAX_ATTACHMENTS, `at most ${MAX_ATTACHMENTS} attachments`).default([]),
  })
  .strict()
  .meta({ id: "PostMessage" });

export const PostMessageInputSchema = PostMessageBodySchema.extend({ itineraryId: Id });
export type PostMessageInput = z.input<typeof PostMessageInputSchema>;

export const ListMessagesQuerySchema = z.object(PageQuery);
export const ListMessagesInputSchema = ListMessagesQuerySchema.extend({ itineraryId: Id });
export type ListMessagesInput = z.input<typeof ListMessagesInputSchema>;

export const MarkReadBodySchema = z
  .object({
    upToMessageId: Id.optional().meta({
      description: "Read up to and including this message; default the newest one.",
    }),
  })
  .strict()
  .meta({ id: "MarkMessagesRead" });
export const MarkReadInputSchema = MarkReadBodySchema.extend({ itineraryId: Id });
export type MarkReadInput = z.input<typeof MarkReadInputSchema>;

export const UnreadCountsInputSchema = z.object({
  itineraryIds: z.array(Id).max(MAX_UNREAD_IDS, `at most ${MAX_UNREAD_IDS} itineraries at once`),
});
export type UnreadCountsInput = z.input<typeof UnreadCountsInputSchema>;
