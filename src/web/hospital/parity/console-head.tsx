import type { WebContext } from "../../env";
import { type ConsoleSection, ConsoleNav } from "../nav";

/** The console's head on billing's parity pages: whose console it is, and its navigation. */
export function ConsoleHead(p: { c: WebContext; hospital: { id: string; name: string }; current: ConsoleSection }) {
  return (
    <>
      <p class="hint">{p.c.var.web.t("hospital.console", { hospital: p.hospital.name })}</p>
      <ConsoleNav c={p.c} hospitalId={p.hospital.id} current={p.current} />
    </>
  );
}
