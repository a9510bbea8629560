/**
 * Renders an outbox notification into an email (subject, plain text, HTML) from the
 * templates in `templates/<language>/`. Pure: no node:*, no I/O but the injected
 * TemplateSource, no clock (every date comes from the payload).
 *
 * Template syntax, deliberately tiny:
 *   {{name}}              a prepared value; HTML-escaped in .html templates, raw in text
 *   {{#name}}…{{/name}}   the block only when `name` is not empty
 *   {{^name}}…{{/name}}   the block only when `name` is empty
 * A name the kind does not define is an error (TemplateError), never an empty string.
 *
 * Files per language: `<kind>.subject.txt`, `<kind>.txt`, `<kind>.html`, and optionally
 * `layout.txt` / `layout.html`, which wrap the body through `{{content}}` and may use
 * `{{name}}` (the recipient) and `{{subject}}`. A language lacking any of a kind's three
 * files gets the kind in English as a whole, never a mix.
 */
import { isSupportedCurrency, minorUnitExponent } from "../../domain/pricing/money";

import type { TemplateSource } from "../../ports/templates";

export type { TemplateSource } from "../../ports/templates";

export class TemplateError extends Error {
  readonly code = "template_error";
  constructor(message: string) {
    super(message);
    this.name = "TemplateError";
  }
}

export const NOTIFICATION_TEMPLATE_KINDS = [
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
  "payment_failed",
  "refund",
  "sign_in_code",
] as const;
export type NotificationTemplateKind = (typeof NOTIFICATION_TEMPLATE_KINDS)[number];

export const DEFAULT_LANGUAGE = "en";

/** Facts the dispatcher looks up for a notification; payloads carry ids, emails show names. */
export interface NotificationContext {
  /** `nameLocal` (the name in the hospital's own language) is preferred in Chinese. */
  hospital?: { name: string; nameLocal?: string | null; city: string } | null;
  /** Display name of the consultation's department. */
  department?: string | null;
  /** Names of the itinerary's travelers, in order. */
  travelers?: string[];
  /** IANA zone the recipient lives in: UTC instants are shown there. */
  zone?: string | null;
}

export interface RenderInput {
  kind: string;
  language: string;
  payload: unknown;
  recipientName: string;
  templates: TemplateSource;
  context?: NotificationContext;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** The language actually used (after fallback). */
  language: string;
}

// ---------------------------------------------------------------------------------------
// Value preparation

type Vars = Record<string, string>;
type Money = { amount: number; currency: string };

const LOCALES: Record<string, string> = { en: "en-GB", ru: "ru-RU", zh: "zh-CN", kk: "kk-KZ" };

const LABELS: Record<string, Record<string, string>> = {
  en: {
    video: "video call",
    in_person: "in person, at the hospital",
    bank_transfer: "bank transfer",
    card: "card",
    strenuous: "strenuous physical activity",
    walking_tours: "long walking tours",
    altitude: "travel to high altitude",
    flying: "flying",
    swimming: "swimming",
    other: "other activity",
    restriction: "no {activity} for {days} days",
    separator: "; ",
    list: ", ",
  },
  ru: {
    video: "видеоконсультация",
    in_person: "очный приём в больнице",
    bank_transfer: "банковский перевод",
    card: "банковская карта",
    strenuous: "тяжёлые физические нагрузки",
    walking_tours: "долгие пешие экскурсии",
    altitude: "высокогорье",
    flying: "перелёты",
    swimming: "плавание",
    other: "прочие нагрузки",
    restriction: "{activity} — {days} дн.",
    separator: "; ",
    list: ", ",
  },
  zh: {
    video: "视频问诊",
    in_person: "到院面诊",
    bank_transfer: "银行转账",
    card: "银行卡",
    strenuous: "剧烈运动",
    walking_tours: "长时间徒步游览",
    altitude: "高海拔地区",
    flying: "乘坐飞机",
    swimming: "游泳",
    other: "其他活动",
    restriction: "{activity}（{days} 天）",
    separator: "；",
    list: "、",
  },
  kk: {
    video: "бейнеконсультация",
    in_person: "ауруханада бетпе-бет қабылдау",
    bank_transfer: "банк аударымы",
    card: "банк картасы",
    strenuous: "ауыр дене жүктемесі",
    walking_tours: "ұзақ жаяу экскурсиялар",
    altitude: "биік тау",
    flying: "ұшақпен ұшу",
    swimming: "жүзу",
    other: "басқа жүктеме",
    restriction: "{activity} — {days} күн",
    separator: "; ",
    list: ", ",
  },
};

function label(language: string, key: string): string {
  return LABELS[language]?.[key] ?? LABELS.en![key] ?? key.replace(/_/g, " ");
}

function isMoney(v: unknown): v is Money {
  return (
    typeof v === "object" &&
    v !== null &&
    Number.isSafeInteger((v as Money).amount) &&
    typeof (v as Money).currency === "string" &&
    (v as Money).currency.length > 0
  );
}

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, " ");
}

/** Minor units → "12 345.67 CNY" (exponent per ISO 4217; integer arithmetic only). */
export function formatMoney(m: Money): string {
  const exp = isSupportedCurrency(m.currency) ? minorUnitExponent(m.currency) : 2;
  const neg = m.amount < 0;
  const digits = String(Math.abs(m.amount)).padStart(exp + 1, "0");
  const whole = digits.slice(0, digits.length - exp);
  const frac = exp > 0 ? `.${digits.slice(digits.length - exp)}` : "";
  return `${neg ? "-" : ""}${group(whole)}${frac} ${m.currency}`;
}

function money(v: unknown): string {
  return isMoney(v) ? formatMoney(v) : "";
}

/** Amount in minor units + currency carried beside it (payload lines carry bare numbers). */
function moneyOf(amount: unknown, currency: unknown): string {
  return typeof currency === "string" && Number.isSafeInteger(amount)
    ? formatMoney({ amount: amount as number, currency })
    : "";
}

/**
 * Formatters are costly to build (tens of µs and a few kB of ICU memory each) and there are few
 * distinct ones (locale × style × zone), so they are kept; a zone that Intl refuses is kept as null.
 * Bounded, so zone names from bad data cannot grow it without end.
 */
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(locale: string, zone: string, withTime: boolean): Intl.DateTimeFormat | null {
  const key = `${locale}|${zone}|${withTime ? "dt" : "d"}`;
  let f = formatters.get(key);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat(
        locale,
        withTime ? { dateStyle: "long", timeStyle: "short", timeZone: zone } : { dateStyle: "long", timeZone: zone },
      );
    } catch {
      f = null;
    }
    if (formatters.size >= 512) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

/** An instant shown as a local date and time in `zone`, with the zone named. */
export function formatDateTime(iso: unknown, zone: string | null | undefined, language: string): string {
  if (typeof iso !== "string") return "";
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return "";
  const locale = LOCALES[language] ?? LOCALES.en!;
  let z = zone || "UTC";
  let f = formatter(locale, z, true);
  if (!f) {
    z = "UTC";
    f = formatter(locale, z, true)!;
  }
  return `${f.format(new Date(ms))} (${z})`;
}

/** A calendar date (YYYY-MM-DD) in words, no zone involved. */
export function formatDate(date: unknown, language: string): string {
  if (typeof date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return "";
  return formatter(LOCALES[language] ?? LOCALES.en!, "UTC", false)!.format(new Date(`${date}T12:00:00Z`));
}

/** `{ local, zone }` as produced by toLocal(): the wall time at that place. */
function localTime(v: unknown, language: string): string {
  if (typeof v !== "object" || v === null) return "";
  const { local, utc, zone } = v as { local?: unknown; utc?: unknown; zone?: unknown };
  return formatDateTime(typeof utc === "string" ? utc : local, typeof zone === "string" ? zone : null, language);
}

function str(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return "";
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Medical fees payable at the hospital = grand total − due now (same currency), or "". */
function difference(total: unknown, part: unknown): string {
  if (!isMoney(total) || !isMoney(part) || total.currency !== part.currency) return "";
  return formatMoney({ amount: total.amount - part.amount, currency: total.currency });
}

function nonZeroMoney(v: unknown): string {
  return isMoney(v) && v.amount !== 0 ? formatMoney(v) : "";
}

/** The values a kind's templates may use; every key is always present (possibly ""). */
export function templateVariables(
  kind: string,
  language: string,
  payload: unknown,
  recipientName: string,
  context: NotificationContext = {},
): Vars {
  const p = obj(payload);
  const zone = context.zone ?? null;
  const common: Vars = {
    name: recipientName,
    hospital: (language === "zh" ? context.hospital?.nameLocal : null) || (context.hospital?.name ?? ""),
    city: context.hospital?.city ?? "",
  };
  const itinerary = (): Vars => ({
    ...common,
    itineraryId: str(p.itineraryId),
    travelers: (context.travelers ?? []).join(label(language, "list")),
  });
  const totals = (): Vars => ({
    dueNow: money(p.dueNow),
    grandTotal: money(p.grandTotal),
    payableAtHospital: difference(p.grandTotal, p.dueNow),
  });
  const consultation = (): Vars => ({
    ...common,
    consultationId: str(p.consultationId),
    department: context.department ?? str(p.department).replace(/_/g, " "),
    mode: typeof p.mode === "string" ? label(language, p.mode) : "",
  });
  switch (kind) {
    case "consultation_requested":
      return consultation();
    case "consultation_scheduled": {
      const starts = obj(p.startsAt);
      return {
        ...consultation(),
        startsAtPatient: localTime(starts.patient, language),
        startsAtHospital: localTime(starts.hospital, language),
        duration: str(p.durationMinutes),
      };
    }
    case "consultation_completed": {
      const rec = obj(p.recommendation);
      const items = arr(rec.items)
        .map(obj)
        .filter((i) => typeof i.code === "string");
      const restrictions = arr(rec.activityRestrictions)
        .map(obj)
        .filter((r) => typeof r.activity === "string")
        .map((r) =>
          label(language, "restriction")
            .replace("{activity}", label(language, r.activity as string))
            .replace("{days}", str(r.days)),
        );
      return {
        ...consultation(),
        procedures: items.map((i) => `${i.code as string} × ${str(i.quantity) || "1"}`).join(label(language, "list")),
        admissionDate: formatDate(rec.admissionDate, language),
        inpatientNights: str(rec.inpatientNights),
        fitToFlyDays: str(rec.fitToFlyDays),
        restrictions: restrictions.join(label(language, "separator")),
      };
    }
    case "consultation_cancelled":
      return { ...consultation(), reason: str(p.reason) };
    case "quote_ready": {
      const patientTotal = obj(p.medicalTotalInPatientCurrency);
      const sameCurrency = isMoney(p.medicalTotal) && patientTotal.currency === p.medicalTotal.currency;
      return {
        ...common,
        quoteId: str(p.quoteId),
        medicalTotal: money(p.medicalTotal),
        medicalTotalPatient: sameCurrency ? "" : money(p.medicalTotalInPatientCurrency),
      };
    }
    case "quote_repriced": {
      const currency = obj(p.before).currency ?? obj(p.after).currency;
      const lines = arr(p.lines)
        .map(obj)
        .filter((l) => typeof l.code === "string" && l.before !== l.after)
        .map((l) => `${l.code as string}: ${moneyOf(l.before, currency)} → ${moneyOf(l.after, currency)}`);
      return {
        ...common,
        quoteId: str(p.quoteId),
        reason: str(p.reason),
        before: money(p.before),
        after: money(p.after),
        lines: lines.join("\n"),
      };
    }
    case "quote_withdrawn":
      return { ...common, quoteId: str(p.quoteId), reason: str(p.reason) };
    case "itinerary_held":
      return { ...itinerary(), ...totals(), expiresAt: formatDateTime(p.expiresAt, zone, language) };
    case "itinerary_hold_expired":
      return { ...itinerary(), expiredAt: formatDateTime(p.expiredAt, zone, language) };
    case "itinerary_confirmed":
      return { ...itinerary(), ...totals() };
    case "itinerary_changed":
      return { ...itinerary(), ...totals(), version: str(p.version) };
    case "itinerary_cancelled":
      return { ...itinerary(), refund: nonZeroMoney(p.refund) };
    case "itinerary_repriced":
      return { ...itinerary(), reason: str(p.reason), before: money(p.before), after: money(p.after) };
    case "payment_received":
      return {
        ...itinerary(),
        amount: money(p.amount),
        method: typeof p.method === "string" ? label(language, p.method) : "",
      };
    case "payment_failed":
      return {
        ...itinerary(),
        amount: money(p.amount),
        reason: str(p.reason ?? p.failureReason),
        expiresAt: formatDateTime(p.expiresAt ?? p.holdExpiresAt, zone, language),
      };
    case "refund":
      return { ...itinerary(), amount: money(p.amount), reason: str(p.reason) };
    case "sign_in_code":
      return {
        ...common,
        code: str(p.code),
        link: str(p.link),
        expiresAt: formatDateTime(p.expiresAt, zone, language),
      };
    default:
      throw new TemplateError(`no template variables for notification kind ${JSON.stringify(kind)}`);
  }
}

// ---------------------------------------------------------------------------------------
// The template language

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

type Mode = "text" | "html";
const SECTION = /\{\{([#^])\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}([\s\S]*?)\{\{\/\s*\2\s*\}\}/g;
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

function lookup(vars: Vars, name: string, where: string): string {
  if (!Object.prototype.hasOwnProperty.call(vars, name)) {
    throw new TemplateError(`${where}: unknown placeholder {{${name}}}`);
  }
  return vars[name]!;
}

const ANY_TAG = /\{\{\s*[#^/]?\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** Fills a template; `raw` names are inserted unescaped even in HTML (the layout's content). */
export function fill(
  template: string,
  vars: Vars,
  mode: Mode,
  where: string,
  raw: ReadonlySet<string> = new Set(),
): string {
  // Every tag is checked up front, so a name in a block hidden by this payload still fails.
  for (const m of template.matchAll(ANY_TAG)) lookup(vars, m[1]!, where);
  let out = template;
  // Blocks do not nest; apply them until none is left.
  for (let guard = 0; guard < 100; guard++) {
    let changed = false;
    out = out.replace(SECTION, (_m, sigil: string, name: string, body: string) => {
      changed = true;
      const present = lookup(vars, name, where).trim() !== "";
      return (sigil === "#") === present ? body : "";
    });
    if (!changed) break;
  }
  // Checked before values go in: a value may itself contain braces.
  const stray = /\{\{/.exec(out.replace(PLACEHOLDER, ""));
  if (stray)
    throw new TemplateError(
      `${where}: malformed or unclosed tag near ${JSON.stringify(out.replace(PLACEHOLDER, "").slice(stray.index, stray.index + 30))}`,
    );
  return out.replace(PLACEHOLDER, (_m, name: string) => {
    const value = lookup(vars, name, where);
    return mode === "html" && !raw.has(name) ? escapeHtml(value) : value;
  });
}

/** "ru-RU" → "ru"; anything odd → "en". */
export function normalizeLanguage(language: string): string {
  const primary = language.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return /^[a-z]{2,3}$/.test(primary) ? primary : DEFAULT_LANGUAGE;
}

async function loadKind(templates: TemplateSource, language: string, kind: string) {
  const [subject, text, html] = await Promise.all([
    templates.get(language, `${kind}.subject.txt`),
    templates.get(language, `${kind}.txt`),
    templates.get(language, `${kind}.html`),
  ]);
  return subject !== null && text !== null && html !== null ? { subject, text, html } : null;
}

export async function renderNotification(input: RenderInput): Promise<RenderedEmail> {
  if (!(NOTIFICATION_TEMPLATE_KINDS as readonly string[]).includes(input.kind)) {
    throw new TemplateError(`unknown notification kind ${JSON.stringify(input.kind)}`);
  }
  let language = normalizeLanguage(input.language);
  let files = await loadKind(input.templates, language, input.kind);
  if (!files && language !== DEFAULT_LANGUAGE) {
    language = DEFAULT_LANGUAGE;
    files = await loadKind(input.templates, language, input.kind);
  }
  if (!files)
    throw new TemplateError(`no templates for ${input.kind} (neither ${input.language} nor ${DEFAULT_LANGUAGE})`);

  const vars = templateVariables(input.kind, language, input.payload, input.recipientName, input.context);
  const where = (file: string) => `${language}/${file}`;
  const subject = fill(files.subject, vars, "text", where(`${input.kind}.subject.txt`))
    .replace(/\s+/g, " ")
    .trim();
  const textBody = fill(files.text, vars, "text", where(`${input.kind}.txt`)).trim();
  const htmlBody = fill(files.html, vars, "html", where(`${input.kind}.html`)).trim();

  const layoutVars: Vars = { name: input.recipientName, subject, content: "" };
  const wrap = async (file: string, body: string, mode: Mode) => {
    const layout = (await input.templates.get(language, file)) ?? (await input.templates.get(DEFAULT_LANGUAGE, file));
    if (layout === null) return body;
    return fill(layout, { ...layoutVars, content: body }, mode, where(file), new Set(["content"]));
  };
  const text = `${(await wrap("layout.txt", textBody, "text")).trim()}\n`;
  const html = `${(await wrap("layout.html", htmlBody, "html")).trim()}\n`;
  return { subject, text, html, language };
}
