import { type ComponentDiff, diffSnapshots, type Side } from "../../domain/itineraries/history-diff";
import type { WebContext } from "../env";
import type { MessageKey } from "../i18n/index";
import { kindLabel } from "./shared";

const STATES = new Set(["draft", "held", "confirmed", "cancelled", "expired"]);

/** One side in words: "KC872 25 Dec 2026, 14:50 Urumqi" (the place's local time; its zone's city when no place). */
function sideText(c: WebContext, s: Side): string {
  const { fmt } = c.var.web;
  const when = s.start ? fmt.dateTime(s.start.utc, s.start.zone) : "";
  const place = s.place ?? (s.start ? (s.start.zone.split("/").at(-1)?.replace(/_/g, " ") ?? "") : "");
  return [s.name, when, place].filter(Boolean).join(" ");
}

function ComponentLine({ c, d }: { c: WebContext; d: ComponentDiff }) {
  const { t } = c.var.web;
  const label = { added: "agent.history.added", removed: "agent.history.removed", changed: "agent.history.changed" }[
    d.change
  ] as MessageKey;
  return (
    <li class={`diff diff-${d.change}`}>
      <strong>{t(label)}</strong> {kindLabel(t, d.type)}:{" "}
      {d.before ? <span class="diff-before">{sideText(c, d.before)}</span> : null}
      {d.before && d.after ? " → " : null}
      {d.after ? <span class="diff-after">{sideText(c, d.after)}</span> : null}
    </li>
  );
}

/** What one history entry changed, before → after per component, with the agent's reason. */
export function HistoryChanges(p: { c: WebContext; before: unknown; after: unknown; reason: string | null }) {
  const { c } = p;
  const { t, fmt } = c.var.web;
  const d = diffSnapshots(p.before, p.after);
  const state = (s: string) => (STATES.has(s) ? t(`state.${s}` as MessageKey) : s);
  return (
    <div class="history-changes">
      {d.components.length ? (
        <ul>
          {d.components.map((x) => (
            <ComponentLine c={c} d={x} />
          ))}
        </ul>
      ) : null}
      {d.status ? (
        <p>{t("agent.history.status", { before: state(d.status.before), after: state(d.status.after) })}</p>
      ) : null}
      {d.total ? (
        <p>
          {t("agent.history.total", {
            before: fmt.money(d.total.before.amount, d.total.before.currency),
            after: fmt.money(d.total.after.amount, d.total.after.currency),
          })}
        </p>
      ) : null}
      {p.reason ? <p class="history-reason">{t("agent.history.reason", { reason: p.reason })}</p> : null}
    </div>
  );
}
