/**
 * History lines in the page's language (src/web/trips/history-line.ts): every action code the services
 * write, in every language, with the times and amounts of the service's English summary formatted for
 * the page, and the agent's reason as typed.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { summaryOf } from "../../src/domain/itineraries/history-summary";
import { type Formatters, formatters, placeOfZone } from "../../src/web/i18n/format";
import { CATALOGS, type Locale, LOCALES, type MessageKey, translator } from "../../src/web/i18n/index";
import { HISTORY_ACTIONS, type HistoryEntryView, historyLine, OFFER_ACTIONS } from "../../src/web/trips/history-line";

const PLACE = { zone: "Asia/Urumqi", currency: "CNY" };
const HELD_UNTIL = "2026-11-22T10:20:00.000Z";
const VALID_UNTIL = "2026-11-23T08:05:00.000Z";
const REASON = "Doctor asked for two more days; «сразу»";

interface Row {
  summary: string;
  before?: unknown;
  after?: unknown;
  /** The detail line in each language, or null when the action has none. */
  detail: ((f: Formatters) => Record<Locale, string>) | null;
  /** The agent's reason the line carries. */
  reason?: string;
}

const time = (f: Formatters, instant: string) => f.dateTime(instant, PLACE.zone);

/** One entry per action code, its summary as the service writes it. */
const ROWS: Record<string, Row> = {
  created: { summary: summaryOf.created(10), detail: null },
  component_added: { summary: "Added flight flt_kc871_20261205.", detail: null },
  component_changed: { summary: "Changed flight flt_kc872_20261224 → flt_cz6008_20261226.", detail: null },
  component_removed: { summary: "Removed tour dep_urc_bazaar_20261220.", detail: null },
  held: {
    summary: summaryOf.held(HELD_UNTIL),
    detail: (f) => ({
      en: `Until ${time(f, HELD_UNTIL)}`,
      ru: `До ${time(f, HELD_UNTIL)}`,
      zh: `预留至 ${time(f, HELD_UNTIL)}`,
      kk: `${time(f, HELD_UNTIL)} дейін`,
    }),
  },
  confirmed: {
    summary: summaryOf.confirmed({ method: "card", reference: "pi_3QxYz" }),
    detail: () => ({ en: "Paid by card", ru: "Оплачено картой", zh: "已用银行卡支付", kk: "Картамен төленді" }),
  },
  cancelled: {
    summary: summaryOf.cancelled(1234500, "CNY"),
    detail: (f) => ({
      en: `Refund: ${f.money(1234500, "CNY")}`,
      ru: `Возврат: ${f.money(1234500, "CNY")}`,
      zh: `退款：${f.money(1234500, "CNY")}`,
      kk: `Қайтарым: ${f.money(1234500, "CNY")}`,
    }),
  },
  hold_expired: {
    summary: summaryOf.holdExpired(HELD_UNTIL),
    before: { status: "held" },
    after: { status: "draft" },
    detail: (f) => ({
      en: `The hold ended at ${time(f, HELD_UNTIL)}`,
      ru: `Бронь закончилась ${time(f, HELD_UNTIL)}`,
      zh: `预留已于 ${time(f, HELD_UNTIL)} 结束`,
      kk: `Брон ${time(f, HELD_UNTIL)} аяқталды`,
    }),
  },
  repriced: {
    summary: summaryOf.repriced("tariff version 3", 10000000, 12000000),
    before: { medical: 10000000 },
    after: { medical: 12000000 },
    detail: (f) => {
      const [a, b] = [f.money(10000000, "CNY"), f.money(12000000, "CNY")];
      return {
        en: `Medical: ${a} → ${b}`,
        ru: `Лечение: ${a} → ${b}`,
        zh: `医疗费用：${a} → ${b}`,
        kk: `Емдеу: ${a} → ${b}`,
      };
    },
  },
  offer_created: {
    summary: summaryOf.offerSent("cof_1", VALID_UNTIL, REASON),
    detail: (f) => ({
      en: `Valid until ${time(f, VALID_UNTIL)}`,
      ru: `Действует до ${time(f, VALID_UNTIL)}`,
      zh: `有效期至 ${time(f, VALID_UNTIL)}`,
      kk: `${time(f, VALID_UNTIL)} дейін жарамды`,
    }),
    reason: REASON,
  },
  offer_accepted: { summary: summaryOf.offerAccepted("cof_1", REASON), detail: null, reason: REASON },
  offer_declined: { summary: summaryOf.offerDeclined("cof_1"), detail: null },
  offer_expired: {
    summary: summaryOf.offerExpired("cof_1", VALID_UNTIL),
    detail: (f) => ({
      en: `Ran out at ${time(f, VALID_UNTIL)}`,
      ru: `Срок истёк ${time(f, VALID_UNTIL)}`,
      zh: `已于 ${time(f, VALID_UNTIL)} 过期`,
      kk: `Мерзімі ${time(f, VALID_UNTIL)} өтті`,
    }),
  },
  offer_superseded: {
    summary: summaryOf.offerReplaced("cof_1", "cof_2"),
    detail: null,
  },
};

const lineOf = (locale: Locale, action: string, row: Row, reason: string | null = null) =>
  historyLine(
    { t: translator(locale), fmt: formatters(locale) },
    { action, summary: row.summary, before: row.before ?? null, after: row.after ?? null, reason },
    PLACE,
  );

/** Every history action code a service writes: `action: "…"` and the component changes' codes. */
function codesInServices(): string[] {
  const dir = path.join(__dirname, "../../src/services");
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  const codes = new Set<string>();
  for (const f of files) {
    const src = readFileSync(path.join(dir, f), "utf8");
    for (const m of src.matchAll(/\baction: "([a-z_]+)"/g)) codes.add(m[1]!);
    for (const m of src.matchAll(/\bchange\(\s*ctx,\s*input,\s*"([a-z_]+)"/g)) codes.add(m[1]!);
  }
  // A component change's own verbs (add, replace, remove) are not history entries.
  return [...codes].filter((c) => !["add", "replace", "remove"].includes(c)).sort();
}

it("the table has every action code the services write to the history, and the page knows each", () => {
  expect(codesInServices()).toEqual([...HISTORY_ACTIONS].sort());
  expect(Object.keys(ROWS).sort()).toEqual([...HISTORY_ACTIONS].sort());
});

const CASES = Object.entries(ROWS).flatMap(([action, row]) => LOCALES.map((locale) => ({ action, locale, row })));

describe.each(CASES)("$action in $locale", ({ action, locale, row }) => {
  const line = lineOf(locale, action, row);
  const family = (OFFER_ACTIONS as readonly string[]).includes(action) ? "offers" : "trips";
  const label = `${family}.history.${action}` as MessageKey;

  it("names the action in the page's language, with its particulars formatted for the page", () => {
    expect(line.action).toBe(CATALOGS[locale][label]);
    if (locale !== "en") expect(line.action).not.toBe(CATALOGS.en[label]);
    expect(line.detail).toBe(row.detail ? row.detail(formatters(locale))[locale] : null);
    expect(line.reason).toBe(row.reason ?? null);
  });

  it("shows no raw instant or amount of the service's summary", () => {
    expect(`${line.action} ${line.detail ?? ""}`).not.toMatch(/\d{4}-\d{2}-\d{2}T|minor units|1234500|10000000/);
  });
});

describe.each(CASES.filter((c) => c.locale !== "en"))("$action in $locale", ({ action, locale, row }) => {
  it("keeps no English word of the service's summary (the zone's place name aside)", () => {
    const line = lineOf(locale, action, row);
    const shown = `${line.action} ${line.detail ?? ""}`.replaceAll(placeOfZone(PLACE.zone), "");
    expect(shown).not.toMatch(/[A-Za-z]{3,}/);
  });
});

describe.each(LOCALES)("in %s", (locale) => {
  it("a bank transfer's reference and the agent's own reason stay as typed", () => {
    const bank = lineOf(locale, "confirmed", {
      summary: summaryOf.confirmed({ method: "bank_transfer", reference: "CAR/2026-17 «Нурланов»" }),
      detail: null,
    });
    expect(bank.detail).toContain("CAR/2026-17 «Нурланов»");
    expect(bank.detail).toBe(
      translator(locale)("trips.history.detail.bankTransfer", { reference: "CAR/2026-17 «Нурланов»" }),
    );
    expect(bank.detail).not.toContain("bank transfer");
    const typed = lineOf(locale, "component_changed", ROWS.component_changed!, "Doctor extended the stay");
    expect(typed.reason).toBe("Doctor extended the stay");
  });

  it("a summary not in the expected shape leaves the action alone; an unknown code is shown as it is", () => {
    const odd = lineOf(locale, "held", { summary: "Held.", detail: null });
    expect(odd).toEqual({ action: CATALOGS[locale]["trips.history.held"], detail: null, reason: null });
    expect(lineOf(locale, "teleported", { summary: "Teleported.", detail: null })).toEqual({
      action: "teleported",
      detail: null,
      reason: null,
    });
  });
});
