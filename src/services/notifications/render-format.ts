/** How notification values read in each language: labels, money, dates and times. */
import { isSupportedCurrency, minorUnitExponent } from "../../domain/pricing/money";

export type Vars = Record<string, string>;
export type Money = { amount: number; currency: string };

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
    role_patient: "the patient",
    role_agent: "concierge agent",
    role_clinician: "clinician",
    role_billing: "hospital billing",
    role_admin: "Caravan support",
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
    role_patient: "пациент",
    role_agent: "агент-консьерж",
    role_clinician: "врач",
    role_billing: "бухгалтерия больницы",
    role_admin: "поддержка Caravan",
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
    role_patient: "患者",
    role_agent: "礼宾顾问",
    role_clinician: "医生",
    role_billing: "医院结算",
    role_admin: "Caravan 客服",
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
    role_patient: "пациент",
    role_agent: "консьерж-агент",
    role_clinician: "дәрігер",
    role_billing: "аурухана бухгалтериясы",
    role_admin: "Caravan қолдау қызметі",
    restriction: "{activity} — {days} күн",
    separator: "; ",
    list: ", ",
  },
};

export function label(language: string, key: string): string {
  return LABELS[language]?.[key] ?? LABELS.en![key] ?? key.replace(/_/g, " ");
}

export function isMoney(v: unknown): v is Money {
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

export function money(v: unknown): string {
  return isMoney(v) ? formatMoney(v) : "";
}

/** Amount in minor units + currency carried beside it (payload lines carry bare numbers). */
export function moneyOf(amount: unknown, currency: unknown): string {
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
export function localTime(v: unknown, language: string): string {
  if (typeof v !== "object" || v === null) return "";
  const { local, utc, zone } = v as { local?: unknown; utc?: unknown; zone?: unknown };
  return formatDateTime(typeof utc === "string" ? utc : local, typeof zone === "string" ? zone : null, language);
}

export function str(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return "";
}

export function obj(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Medical fees payable at the hospital = grand total − due now (same currency), or "". */
export function difference(total: unknown, part: unknown): string {
  if (!isMoney(total) || !isMoney(part) || total.currency !== part.currency) return "";
  return formatMoney({ amount: total.amount - part.amount, currency: total.currency });
}

export function nonZeroMoney(v: unknown): string {
  return isMoney(v) && v.amount !== 0 ? formatMoney(v) : "";
}
