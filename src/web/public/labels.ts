import type { Translate } from "../i18n/index";
import { INTL_TAG, type Locale } from "../i18n/locales";

const DEPARTMENT_KEYS = {
  cardiac_surgery: "public.dept.cardiac_surgery",
  neurosurgery: "public.dept.neurosurgery",
  neurology: "public.dept.neurology",
  spine_surgery: "public.dept.spine_surgery",
  general_surgery: "public.dept.general_surgery",
  health_check: "public.dept.health_check",
  international_medical_center: "public.dept.international_medical_center",
  traditional_medicine: "public.dept.traditional_medicine",
  obstetrics: "public.dept.obstetrics",
  pediatrics: "public.dept.pediatrics",
} as const;

/** A department code in the page's language; a code the catalog does not know is shown as it is. */
export function departmentLabel(t: Translate, code: string): string {
  const key = DEPARTMENT_KEYS[code as keyof typeof DEPARTMENT_KEYS];
  return key ? t(key) : code;
}

/** "ru" → "Russian" / "русский" / "俄语": a language code named in the page's language. */
export function languageName(locale: Locale, code: string): string {
  try {
    return new Intl.DisplayNames([INTL_TAG[locale]], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A tariff item's name in the page's language, else English, else any. */
export function itemName(locale: Locale, name: Record<string, string>): string {
  return name[locale] ?? name.en ?? Object.values(name)[0] ?? "";
}
