import { catalog as en } from "./en/index";
import { catalog as kk } from "./kk/index";
import type { Locale } from "./locales";
import { catalog as ru } from "./ru/index";
import { catalog as zh } from "./zh/index";

export * from "./locales";

export type MessageKey = keyof typeof en;
export type MessageVars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

/** Every language's catalog; each must have exactly English's keys (a test checks it). */
export const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, ru, zh, kk };

/** `{name}` placeholders are replaced by `vars`; an unknown key never reaches here (typed). */
export function translator(locale: Locale): Translate {
  const messages = CATALOGS[locale];
  return (key, vars) => {
    const text = messages[key] ?? en[key];
    return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
  };
}
