import type { ColumnType } from "kysely";

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** A message of a trip's conversation (migration 2026-12-09-002); `seq` orders an itinerary's messages. */
export interface TripMessagesTable {
  id: string;
  itinerary_id: string;
  seq: number;
  author_user_id: string;
  author_role: string;
  body: string;
  /** JSON: [{ name, mediaType, sizeBytes, sha256? }], metadata only. */
  attachments: string;
  created_at: string;
}

/** Up to which message (`last_read_seq`) a user has read an itinerary's conversation. */
export interface TripMessageReadsTable {
  itinerary_id: string;
  user_id: string;
  last_read_seq: number;
  last_read_message_id: Nullable<string>;
  last_read_at: string;
}
