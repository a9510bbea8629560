import type { Migration } from "kysely";
import * as foundation from "./2026-11-22-001-foundation";
import * as consultationsQuotes from "./2026-11-22-002-consultations-quotes";
import * as itineraries from "./2026-11-22-003-itineraries";
import * as paymentsOutbox from "./2026-11-22-004-payments-outbox";
import * as parityReportIndex from "./2026-11-22-005-parity-report-index";
import * as parityQuoteStatusesIndex from "./2026-12-01-001-parity-quote-statuses-index";
import * as foreignDepartmentsPremiumClasses from "./2026-12-07-001-foreign-departments-premium-classes";
import * as idempotencyScopeExpiry from "./2026-12-07-002-idempotency-scope-expiry";
import * as rateLimits from "./2026-12-07-003-rate-limits";
import * as listIndexes from "./2026-12-07-004-list-indexes";
import * as calendarEvents from "./2026-12-07-005-calendar-events";
import * as webSessions from "./2026-12-08-001-web-sessions";
import * as changeOffers from "./2026-12-09-001-change-offers";
import * as tripMessages from "./2026-12-09-002-trip-messages";
import * as historyReason from "./2026-12-09-003-history-reason";
import * as tariffSourceHash from "./2026-12-09-004-tariff-source-hash";

/**
 * Every migration, by name. Names sort in the order they run (ISO date first).
 * A static map so bundlers (Workers) need no filesystem.
 */
export const migrations: Record<string, Migration> = {
  "2026-11-22-001-foundation": foundation,
  "2026-11-22-002-consultations-quotes": consultationsQuotes,
  "2026-11-22-003-itineraries": itineraries,
  "2026-11-22-004-payments-outbox": paymentsOutbox,
  "2026-11-22-005-parity-report-index": parityReportIndex,
  "2026-12-01-001-parity-quote-statuses-index": parityQuoteStatusesIndex,
  "2026-12-07-001-foreign-departments-premium-classes": foreignDepartmentsPremiumClasses,
  "2026-12-07-002-idempotency-scope-expiry": idempotencyScopeExpiry,
  "2026-12-07-003-rate-limits": rateLimits,
  "2026-12-07-004-list-indexes": listIndexes,
  "2026-12-07-005-calendar-events": calendarEvents,
  "2026-12-08-001-web-sessions": webSessions,
  "2026-12-09-001-change-offers": changeOffers,
  "2026-12-09-002-trip-messages": tripMessages,
  "2026-12-09-003-history-reason": historyReason,
  "2026-12-09-004-tariff-source-hash": tariffSourceHash,
};
