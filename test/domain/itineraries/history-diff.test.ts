import { describe, expect, it } from "vitest";
import { diffSnapshots } from "../../../src/domain/itineraries/history-diff";

const at = (utc: string, local: string, zone = "Asia/Shanghai") => ({ utc, local, zone });
const flight = (id: string, flightId: string, number: string, utc: string, local: string) => ({
  id,
  type: "flight",
  flightId,
  travelerIds: ["t1"],
  label: { name: number, start: at(utc, local), end: null, place: "Urumqi" },
});
const kc872 = flight("cmp_1", "flt_kc872_20261224", "KC872", "2026-12-24T06:50:00Z", "2026-12-24T14:50");
const kc872Later = flight("cmp_1", "flt_kc872_20261225", "KC872", "2026-12-25T06:50:00Z", "2026-12-25T14:50");
const tour = { id: "cmp_2", type: "tour", departureId: "tod_1", travelerIds: ["t1"] }; // an old entry: no label
const money = (amount: number) => ({ amount, currency: "CNY" });
const snap = (components: unknown[], total = 1000, status = "held") => ({
  status,
  components,
  totals: { grandTotal: money(total), dueNow: money(total), medical: money(0) },
});

describe("diffSnapshots", () => {
  it.each([
    {
      name: "a flight moved a day: changed, before and after with their times and place",
      before: snap([kc872, tour]),
      after: snap([kc872Later, tour], 1200),
      components: [
        {
          componentId: "cmp_1",
          type: "flight",
          change: "changed",
          before: { name: "KC872", start: kc872.label.start, end: null, place: "Urumqi" },
          after: { name: "KC872", start: kc872Later.label.start, end: null, place: "Urumqi" },
        },
      ],
      total: { before: money(1000), after: money(1200) },
      status: null,
    },
    {
      name: "a component added (label kept), nothing else",
      before: snap([tour]),
      after: snap([tour, kc872]),
      components: [{ componentId: "cmp_1", type: "flight", change: "added", before: null, after: kc872.label }],
      total: null,
      status: null,
    },
    {
      name: "a component without a label removed: named by its catalog reference",
      before: snap([kc872, tour]),
      after: snap([kc872], 900),
      components: [
        {
          componentId: "cmp_2",
          type: "tour",
          change: "removed",
          before: { name: "tod_1", start: null, end: null, place: null },
          after: null,
        },
      ],
      total: { before: money(1000), after: money(900) },
      status: null,
    },
    {
      name: "only the label differs (a catalog time shown differently): not a change",
      before: snap([kc872]),
      after: snap([{ ...kc872, label: { ...kc872.label, place: "URC" } }]),
      components: [],
      total: null,
      status: null,
    },
    {
      name: "held → confirmed: the status only",
      before: snap([kc872]),
      after: snap([kc872], 1000, "confirmed"),
      components: [],
      total: null,
      status: { before: "held", after: "confirmed" },
    },
    {
      name: "creation (no before) lists every component as added",
      before: null,
      after: snap([tour]),
      components: [
        {
          componentId: "cmp_2",
          type: "tour",
          change: "added",
          before: null,
          after: { name: "tod_1", start: null, end: null, place: null },
        },
      ],
      total: null,
      status: null,
    },
    {
      name: "a repriced entry ({medical} only): nothing to list",
      before: { medical: 100 },
      after: { medical: 120 },
      components: [],
      total: null,
      status: null,
    },
  ])("$name", ({ before, after, components, total, status }) => {
    expect(diffSnapshots(before, after)).toEqual({ components, total, status });
  });
});
