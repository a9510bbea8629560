import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { NotificationKind } from "../../src/data/notifications-repo";
import { DEFAULT_TEMPLATES_DIR } from "../../src/ports/templates-node";
import {
  formatMoney,
  NOTIFICATION_TEMPLATE_KINDS,
  type NotificationContext,
  renderNotification,
  TemplateError,
  type TemplateSource,
} from "../../src/services/notifications/render";
import { H } from "../helpers/itinerary-fixtures";
import { templates } from "./notifications-fixtures";

const money = (amount: number, currency = "CNY") => ({ amount, currency });
const SAMPLES: Record<string, unknown> = {
  consultation_requested: { consultationId: "con_1", hospitalId: H, department: "cardiac_surgery", mode: "video" },
  consultation_scheduled: {
    consultationId: "con_1",
    mode: "in_person",
    startsAt: {
      hospital: { utc: "2026-12-01T04:00:00Z", local: "2026-12-01T12:00:00+08:00", zone: "Asia/Shanghai" },
      patient: { utc: "2026-12-01T04:00:00Z", local: "2026-12-01T09:00:00+05:00", zone: "Asia/Almaty" },
    },
    durationMinutes: 30,
  },
  consultation_completed: {
    consultationId: "con_1",
    recommendation: {
      items: [
        { code: "CARD-CABG", quantity: 1 },
        { code: "BED-ICU", quantity: 2 },
      ],
      admissionDate: "2026-12-07",
      inpatientNights: 10,
      fitToFlyDays: 7,
      activityRestrictions: [{ activity: "strenuous", days: 30 }],
    },
  },
  consultation_cancelled: { consultationId: "con_1", reason: "Feeling better" },
  quote_ready: {
    quoteId: "quo_1",
    hospitalId: H,
    medicalTotal: money(10_444_000),
    medicalTotalInPatientCurrency: money(739_957_400, "KZT"),
  },
  quote_repriced: {
    quoteId: "quo_1",
    reason: "tariff version 2",
    before: money(10_444_000),
    after: money(10_344_000),
    lines: [{ lineNo: 1, code: "CARD-CABG", before: 9_800_000, after: 9_700_000 }],
  },
  quote_withdrawn: { quoteId: "quo_1", reason: "line 1: no longer offered" },
  itinerary_held: {
    itineraryId: "itn_1",
    version: 2,
    summary: "Held",
    dueNow: money(2_000_000),
    grandTotal: money(12_444_000),
    expiresAt: "2026-11-22T10:20:00.000Z",
  },
  itinerary_hold_expired: { itineraryId: "itn_1", expiredAt: "2026-11-22T10:20:00.000Z" },
  itinerary_confirmed: {
    itineraryId: "itn_1",
    version: 3,
    summary: "Confirmed",
    dueNow: money(2_000_000),
    grandTotal: money(12_444_000),
  },
  itinerary_changed: {
    itineraryId: "itn_1",
    version: 4,
    summary: "Changed",
    dueNow: money(2_100_000),
    grandTotal: money(12_544_000),
  },
  itinerary_cancelled: {
    itineraryId: "itn_1",
    version: 5,
    summary: "Cancelled",
    dueNow: money(0),
    grandTotal: money(0),
    refund: money(1_500_000),
  },
  itinerary_repriced: {
    itineraryId: "itn_1",
    reason: "tariff version 2",
    before: money(10_444_000),
    after: money(10_344_000),
  },
  payment_received: { itineraryId: "itn_1", amount: money(2_000_000), method: "bank_transfer" },
  payment_failed: {
    itineraryId: "itn_1",
    amount: money(2_000_000),
    reason: "Your card was declined.",
    holdExpiresAt: "2026-11-22T10:20:00.000Z",
  },
  refund: { itineraryId: "itn_1", amount: money(1_500_000), reason: "Cancellation" },
  change_offer: {
    itineraryId: "itn_1",
    offerId: "cof_1",
    link: "/trips/itn_1/offers/cof_1",
    reason: "The doctor extends the stay by a day",
    difference: money(120_000),
    differencePatient: { amount: 8_502_000, currency: "KZT" },
    amountDue: money(120_000),
    validUntil: "2026-11-23T10:00:00.000Z",
  },
  sign_in_code: {
    code: "042917",
    link: "https://caravan.example/sign-in/link/cvn_x",
    expiresAt: "2026-11-22T10:15:00Z",
  },
  message_posted: {
    itineraryId: "itn_01JEXAMPLE",
    messageId: "msg_01JEXAMPLE",
    authorName: "Aisulu <Agent>",
    authorRole: "agent",
    attachments: 2,
  },
};
const CONTEXT: NotificationContext = {
  hospital: { name: "Xinjiang People's Hospital", nameLocal: "新疆维吾尔自治区人民医院", city: "Urumqi" },
  department: "Cardiac Surgery",
  travelers: ["Dana Bekova", "Aigerim Bekova"],
  zone: "Asia/Almaty",
};
const LANGUAGES = readdirSync(DEFAULT_TEMPLATES_DIR)
  .filter((d) => !d.startsWith("."))
  .sort();

describe("templates", () => {
  it("exist for every kind in English, Russian, Chinese and Kazakh, as subject, text and HTML", () => {
    expect(LANGUAGES).toEqual(expect.arrayContaining(["en", "kk", "ru", "zh"]));
    const kinds: NotificationKind[] = [
      "consultation_requested",
      "consultation_scheduled",
      "consultation_completed",
      "consultation_cancelled",
      "quote_ready",
      "quote_repriced",
      "quote_withdrawn",
      "itinerary_held",
      "itinerary_hold_expired",
      "itinerary_confirmed",
      "itinerary_changed",
      "itinerary_cancelled",
      "itinerary_repriced",
      "payment_received",
      "refund",
    ];
    expect(NOTIFICATION_TEMPLATE_KINDS).toEqual(expect.arrayContaining([...kinds, "payment_failed"]));
    for (const lang of LANGUAGES) {
      const files = readdirSync(path.join(DEFAULT_TEMPLATES_DIR, lang));
      for (const kind of NOTIFICATION_TEMPLATE_KINDS) {
        for (const suffix of [".subject.txt", ".txt", ".html"])
          expect(files, `${lang}/${kind}${suffix}`).toContain(`${kind}${suffix}`);
      }
      for (const f of files)
        expect(
          readFileSync(path.join(DEFAULT_TEMPLATES_DIR, lang, f), "utf8").toLowerCase(),
          `${lang}/${f}`,
        ).not.toContain("demo");
    }
  });

  it("every kind renders in every language with sample payloads: no unknown or leftover placeholders", async () => {
    for (const lang of LANGUAGES) {
      for (const kind of NOTIFICATION_TEMPLATE_KINDS) {
        const r = await renderNotification({
          kind,
          language: lang,
          payload: SAMPLES[kind],
          recipientName: "Dana <Bekova>",
          templates,
          context: CONTEXT,
        });
        const where = `${lang}/${kind}`;
        expect(r.language, where).toBe(lang);
        expect(r.subject.length, where).toBeGreaterThan(5);
        expect(r.subject, where).not.toMatch(/\n/);
        for (const part of [r.subject, r.text, r.html]) {
          expect(part, where).not.toContain("{{");
          expect(part, where).not.toContain("}}");
          expect(part, where).not.toContain("undefined");
          expect(part, where).not.toContain("NaN");
        }
        expect(r.html, where).toContain("Dana &lt;Bekova&gt;");
        expect(r.html, where).not.toContain("Dana <Bekova>");
        expect(r.text, where).toContain("Dana <Bekova>");
        expect(r.html, where).toMatch(/^<!DOCTYPE html>/);
      }
    }
  });

  it("formats money, dates and the medical-fees message per language", async () => {
    const ru = await renderNotification({
      kind: "itinerary_held",
      language: "ru",
      payload: SAMPLES.itinerary_held,
      recipientName: "Дана",
      templates,
      context: CONTEXT,
    });
    expect(ru.text).toContain("К оплате сейчас (поездка и услуги консьержа): 20 000.00 CNY");
    expect(ru.text).toContain("Оплачивается в больнице (медицинские услуги): 104 440.00 CNY");
    expect(ru.text).toContain("Бронь действует до 22 ноября 2026 г. в 15:20 (Asia/Almaty).");
    expect(ru.text).toContain("по тем же внутренним ценам, что и для местных пациентов");
    const zh = await renderNotification({
      kind: "quote_ready",
      language: "zh-CN",
      payload: SAMPLES.quote_ready,
      recipientName: "Dana",
      templates,
      context: CONTEXT,
    });
    expect(zh.subject).toBe("新疆维吾尔自治区人民医院的报价已准备好");
    expect(zh.text).toContain("医疗费用：104 440.00 CNY");
    expect(zh.text).toContain("7 399 574.00 KZT");
    expect(zh.text).toContain("价格与本地患者相同");
    const en = await renderNotification({
      kind: "itinerary_cancelled",
      language: "en",
      payload: { ...(SAMPLES.itinerary_cancelled as object), refund: money(0) },
      recipientName: "",
      templates,
      context: CONTEXT,
    });
    expect(en.text).toMatch(/^Hello,/);
    expect(en.text).toContain("no refund is due");
    expect(en.text).not.toContain("Refund:");
    expect(formatMoney(money(-5, "JPY"))).toBe("-5 JPY");
    expect(formatMoney(money(1_234_567, "KWD"))).toBe("1 234.567 KWD");
    expect(formatMoney(money(5))).toBe("0.05 CNY");
  });

  it("falls back to English as a whole when a language lacks a kind's templates", async () => {
    const onlyRuSubject: TemplateSource = {
      async get(language, name) {
        if (language === "ru") return name === "refund.subject.txt" ? "Возврат" : null;
        return templates.get(language, name);
      },
    };
    const r = await renderNotification({
      kind: "refund",
      language: "ru",
      payload: SAMPLES.refund,
      recipientName: "Dana",
      templates: onlyRuSubject,
      context: CONTEXT,
    });
    expect(r.language).toBe("en");
    expect(r.subject).toBe("Refund of 15 000.00 CNY is on its way");
    const ar = await renderNotification({
      kind: "payment_received",
      language: "ar",
      payload: SAMPLES.payment_received,
      recipientName: "Dana",
      templates,
      context: CONTEXT,
    });
    expect(ar.language).toBe("en");
    expect(ar.subject).toBe("Payment received: 20 000.00 CNY");
  });

  it("an unknown placeholder is an error, even inside a block the payload hides", async () => {
    const broken = (body: string): TemplateSource => ({
      async get(language, name) {
        if (name === "refund.txt") return body;
        return templates.get(language, name);
      },
    });
    const render = (body: string) =>
      renderNotification({
        kind: "refund",
        language: "en",
        payload: { itineraryId: "itn_1", amount: money(1) },
        recipientName: "Dana",
        templates: broken(body),
        context: CONTEXT,
      });
    await expect(render("Refund {{amout}}")).rejects.toThrow(TemplateError);
    await expect(render("{{#reason}}{{nope}}{{/reason}}")).rejects.toThrow(/unknown placeholder \{\{nope\}\}/);
    await expect(render("Refund {{amount")).rejects.toThrow(/malformed/);
    await expect(
      renderNotification({
        kind: "refund",
        language: "en",
        payload: { itineraryId: "itn_1", amount: money(1) },
        recipientName: "{{amount}}",
        templates,
        context: CONTEXT,
      }),
    ).resolves.toMatchObject({ text: expect.stringContaining("Dear {{amount}},") });
    await expect(
      renderNotification({ kind: "no_such_kind", language: "en", payload: {}, recipientName: "Dana", templates }),
    ).rejects.toThrow(TemplateError);
  });
});
