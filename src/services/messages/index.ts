/** Trip messages: one conversation per itinerary among its participants (see policy.ts). */
export { listMessages } from "./list";
export { markRead } from "./mark-read";
export { postMessage } from "./post";
export { requireMessagesActor } from "./policy";
export { unreadCounts } from "./unread-counts";
export * from "./schemas";
export type { MessageView } from "./view";
