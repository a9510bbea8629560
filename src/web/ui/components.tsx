import type { Child } from "hono/jsx";
import type { WebContext } from "../env";
import type { MessageKey } from "../i18n/index";

/** Money always with its currency, formatted for the page's language. */
export function Money({ c, amount, currency }: { c: WebContext; amount: number; currency: string }) {
  return <span class="money">{c.var.web.fmt.money(amount, currency)}</span>;
}

/** An instant in the place's zone, and in the patient's home zone when it differs: "09:40 Urumqi · 07:40 Almaty". */
export function LocalTime({
  c,
  instant,
  zone,
  homeZone,
  withDate = true,
}: {
  c: WebContext;
  instant: string;
  zone: string;
  homeZone?: string | null;
  withDate?: boolean;
}) {
  const { fmt, t } = c.var.web;
  const show = (z: string) => (withDate ? fmt.dateTime(instant, z) : fmt.time(instant, z));
  return (
    <time datetime={instant}>
      {show(zone)}
      {homeZone && homeZone !== zone ? `${t("time.zoneSeparator")}${show(homeZone)}` : ""}
    </time>
  );
}

const STATE_KEYS: Record<string, MessageKey> = {
  draft: "state.draft",
  held: "state.held",
  confirmed: "state.confirmed",
  cancelled: "state.cancelled",
  expired: "state.expired",
};

/** A state as a word and a colour together (never colour alone). */
export function StateTag({ c, state }: { c: WebContext; state: string }) {
  const key = STATE_KEYS[state];
  return <strong class={`tag tag-${state}`}>{key ? c.var.web.t(key) : state}</strong>;
}

/** A wide table that scrolls sideways on a narrow screen; focusable so a keyboard can scroll it. */
export function TableWrap({ label, children }: { label: string; children?: Child }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabindex={0}>
      {children}
    </div>
  );
}
