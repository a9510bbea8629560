import { describe, expect, it } from "vitest";
import {
  type FeePolicy,
  type FxRate,
  type PriceItineraryInput,
  type PricedMedicalLine,
  PricingError,
  type TravelLine,
  conciergeFees,
  formatBasisPoints,
  money,
  priceItinerary,
} from "../../../src/domain/pricing";

function pricingError(fn: () => unknown): PricingError | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof PricingError) return error;
    throw error;
  }
  return undefined;
}

describe("conciergeFees", () => {
  const policy = (percentBp: number, flat: number, currency = "CNY"): FeePolicy => ({
    percentBp,
    flat: money(flat, currency),
  });

  it.each([
    // [travel subtotal, bp, flat, percent line, flat line]
    [123457, 500, 0, 6173, null], // 6172.85 → 6173
    [123450, 500, 0, 6172, null], // 6172.5 → 6172 (even)
    [123470, 500, 0, 6174, null], // 6173.5 → 6174 (even)
    [123457, 500, 5000, 6173, 5000],
    [123457, 0, 5000, null, 5000], // no percent line when it is zero
    [9, 500, 0, null, null], // 0.45 → 0: zero lines are omitted
    [10, 500, 0, null, null], // 0.5 → 0 (even)
    [30, 500, 0, 2, null], // 1.5 → 2 (even)
    [0, 500, 5000, null, null], // no travel, no concierge fee — not even the flat one
    [-100, 500, 5000, null, null],
  ])("travel %i at %i bp + flat %i → %j / %j", (travel, bp, flat, percentLine, flatLine) => {
    const lines = conciergeFees(money(travel, "CNY"), policy(bp, flat));
    expect(lines.find((l) => l.kind === "concierge_percent")?.amount ?? null).toEqual(
      percentLine === null ? null : { amount: percentLine, currency: "CNY" },
    );
    expect(lines.find((l) => l.kind === "concierge_flat")?.amount ?? null).toEqual(
      flatLine === null ? null : { amount: flatLine, currency: "CNY" },
    );
    expect(lines).toHaveLength((percentLine === null ? 0 : 1) + (flatLine === null ? 0 : 1));
  });

  it("describes the percentage without floats", () => {
    expect(conciergeFees(money(100000, "USD"), policy(250, 0, "USD"))[0]?.description).toContain("2.5%");
    expect(formatBasisPoints(500)).toBe("5");
    expect(formatBasisPoints(5)).toBe("0.05");
    expect(formatBasisPoints(1234)).toBe("12.34");
    expect(formatBasisPoints(10000)).toBe("100");
  });

  it("the travel subtotal must already be in the policy's currency", () => {
    expect(pricingError(() => conciergeFees(money(100000, "KZT"), policy(500, 0)))?.code).toBe("currency_mismatch");
  });

  it.each([
    [-1, 0],
    [2.5, 0],
    [500, -1],
    [500, 0.5],
  ])("rejects a policy of %d bp + flat %d", (bp, flat) => {
    const bad = { percentBp: bp, flat: { amount: flat, currency: "CNY" } };
    expect(pricingError(() => conciergeFees(money(100000, "CNY"), bad))?.code).toMatch(
      /invalid_fee_policy|invalid_amount/,
    );
  });
});

const medicalLine = (
  lineNo: number,
  code: string,
  unitPrice: number,
  quantity: number,
  currency = "CNY",
): PricedMedicalLine => ({
  lineNo,
  code,
  name: { en: code },
  department: "radiology",
  serviceClass: "standard",
  kind: "procedure",
  unit: "each",
  quantity,
  serviceDate: "2026-05-10",
  unitPrice,
  lineTotal: unitPrice * quantity,
  currency,
  tariffVersionId: "tv_1",
  tariffVersion: 1,
});

const travelLine = (kind: TravelLine["kind"], total: number, currency: string): TravelLine => ({
  kind,
  ref: `${kind}-1`,
  description: kind,
  quantity: 1,
  unitPrice: money(total, currency),
  total: money(total, currency),
});

const rates: FxRate[] = [
  { base: "USD", quote: "CNY", rate: "7.1", source: "Fed", asOf: "2026-05-01" },
  { base: "CNY", quote: "KZT", rate: "70.85", source: "NBK", asOf: "2026-05-01" },
];

describe("priceItinerary", () => {
  const input = {
    medical: [medicalLine(1, "CT-CHEST", 60000, 1), medicalLine(2, "BED-DAY", 30000, 3)],
    travel: [
      travelLine("flight", 45000, "USD"), // → 319,500 fen
      travelLine("lodging", 80000, "CNY"),
      travelLine("transfer", 1_500_000, "KZT"), // 21,171.489… fen → 21,171
    ],
    feePolicy: { percentBp: 500, flat: money(2000, "USD") },
    hospitalCurrency: "CNY",
    patientCurrency: "KZT",
    rates,
    onDate: "2026-05-10",
  };

  it("adds up in the hospital's and the patient's currency", () => {
    const priced = priceItinerary(input);
    // Travel in USD, each line converted once: 45,000 + 11,268 (80,000 fen / 7.1) + 2,982 (KZT via CNY) = 59,250 cents;
    // 5% = 2,962.5 → 2,962 (half-even); + 2,000 flat.
    expect(priced.fees.map((f) => [f.kind, f.amount])).toEqual([
      ["concierge_percent", { amount: 2962, currency: "USD" }],
      ["concierge_flat", { amount: 2000, currency: "USD" }],
    ]);
    expect(priced.hospitalCurrency).toEqual({
      medical: { amount: 150000, currency: "CNY" },
      travel: { amount: 420671, currency: "CNY" },
      fees: { amount: 35230, currency: "CNY" }, // 21,030.2 → 21,030 + 14,200
      dueNow: { amount: 455901, currency: "CNY" },
      payableAtHospital: { amount: 150000, currency: "CNY" },
      grandTotal: { amount: 605901, currency: "CNY" },
    });
    expect(priced.patientCurrency).toEqual({
      medical: { amount: 10_627_500, currency: "KZT" }, // 4,251,000 + 6,376,500
      // Each line once, never through CNY: 22,636,575 (USD × 503.035) + 5,668,000 + 1,500,000 (already KZT).
      travel: { amount: 29_804_575, currency: "KZT" },
      fees: { amount: 2_496_060, currency: "KZT" }, // 1,489,989.67 → 1,489,990; + 1,006,070
      dueNow: { amount: 32_300_635, currency: "KZT" },
      payableAtHospital: { amount: 10_627_500, currency: "KZT" },
      grandTotal: { amount: 42_928_135, currency: "KZT" },
    });
    expect(priced.medical).toEqual(input.medical);
    expect(priced.travel).toEqual(input.travel);
    expect(priced.fx.hospitalToPatient).toMatchObject({ from: "CNY", to: "KZT", display: "70.85" });
    expect(priced.fx.conversions.map((r) => `${r.from}>${r.to}`).sort()).toEqual([
      "CNY>KZT",
      "CNY>USD",
      "KZT>CNY",
      "KZT>USD",
      "USD>CNY",
      "USD>KZT",
    ]);
  });

  it("no fee policy, no fees; same currency needs no rate", () => {
    const priced = priceItinerary({
      ...input,
      travel: [travelLine("lodging", 80000, "CNY")],
      feePolicy: null,
      patientCurrency: "CNY",
      rates: [],
    });
    expect(priced.fees).toEqual([]);
    expect(priced.patientCurrency).toEqual(priced.hospitalCurrency);
    expect(priced.hospitalCurrency.grandTotal).toEqual({ amount: 230000, currency: "CNY" });
    expect(priced.fx.hospitalToPatient.source).toBe("identity");
    expect(priced.fx.conversions).toEqual([]);
  });

  it("no travel, no concierge fee", () => {
    const priced = priceItinerary({ ...input, travel: [] });
    expect(priced.fees).toEqual([]);
    expect(priced.hospitalCurrency.dueNow).toEqual({ amount: 0, currency: "CNY" });
    expect(priced.hospitalCurrency.grandTotal).toEqual({ amount: 150000, currency: "CNY" });
  });

  it("names the missing pair", () => {
    const error = pricingError(() => priceItinerary({ ...input, patientCurrency: "GEL" }));
    expect(error?.code).toBe("fx_unavailable");
    expect(error?.message).toContain("CNY→GEL");
    const travel = pricingError(() => priceItinerary({ ...input, travel: [travelLine("tour", 100, "EUR")] }));
    expect(travel?.code).toBe("fx_unavailable");
    expect(travel?.message).toContain("EUR→CNY");
  });

  describe.each<[string, Partial<PriceItineraryInput>, string, string]>([
    [
      "a travel line converted to CNY",
      { travel: [travelLine("lodging", 80000, "CNY"), travelLine("flight", 2 ** 52, "USD")] },
      "travel.1",
      "travel line 2: its amount in CNY",
    ],
    [
      "the travel total, at its second line",
      {
        travel: [travelLine("lodging", 5e15, "CNY"), travelLine("tour", 5e15, "CNY")],
        feePolicy: null,
        patientCurrency: "CNY",
      },
      "travel.1",
      "travel line 2: the travel total in CNY passes",
    ],
    [
      "a medical line in tenge",
      { medical: [medicalLine(1, "CT-CHEST", 60000, 1), medicalLine(2, "BIG", 2e15, 1)] },
      "medical.1",
      "medical line 2: its amount in KZT",
    ],
  ])("amount_overflow names the line: %s", (_name, change, path, message) => {
    it(`→ path ${path}`, () => {
      const error = pricingError(() => priceItinerary({ ...input, ...change }));
      expect(error?.code).toBe("amount_overflow");
      expect(error?.path).toBe(path);
      expect(error?.message.startsWith(message)).toBe(true);
    });
  });

  it("refuses medical lines outside the hospital currency", () => {
    const error = pricingError(() =>
      priceItinerary({ ...input, medical: [medicalLine(1, "CT-CHEST", 60000, 1, "USD")] }),
    );
    expect(error?.code).toBe("currency_mismatch");
  });
});
