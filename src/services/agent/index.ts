// The agent console's verbs (queue, the agency's patients), as the web pages import them.
export { agencyPatients, patientFile } from "./patients";
export { agentQueue, type AgentQueue, compareEntries, type QueueEntry, type QueueReason } from "./queue";
export type * from "./schemas";
