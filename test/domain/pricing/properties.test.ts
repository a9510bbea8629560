import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ChargedLine, createParityIndex, parityVerdict } from "../../../src/domain/parity";
import {
  type FeePolicy,
  type FxRate,
  type MedicalLineRequest,
  type PricedMedicalLine,
  PricingError,
  type ResolvedRate,
  type TariffItem,
  type TariffVersion,
  type TravelLine,
  convert,
  minorUnitExponent,
  priceItinerary,
  priceMedicalLines,
  resolveRate,
} from "../../../src/domain/pricing";

const RUNS = { numRuns: 1000 };

// ---- generators -------------------------------------------------------------

const pad = (n: number): string => String(n).padStart(2, "0");
const dateArb = (fromYear: number, toYear: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: fromYear, max: toYear }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`);

const CODES = ["CT-CHEST", "MRI-HEAD", "BED-DAY", "CONSULT", "LAB-CBC", "SURG-KNEE"];
const DEPARTMENTS = ["cardiology", "international", "oncology", "radiology", "ward"];
const CLASSES = ["standard", "vip", "ward-2"];

const itemArb = (price: fc.Arbitrary<number>): fc.Arbitrary<TariffItem> =>
  fc
    .record({
      code: fc.constantFrom(...CODES),
      department: fc.constantFrom(...DEPARTMENTS),
      serviceClass: fc.constantFrom(...CLASSES),
      unitPrice: price,
    })
    .map((i) => ({ ...i, name: { en: i.code }, kind: "procedure", unit: "each" }));

const key = (i: { code: string; department: string; serviceClass: string }): string =>
  `${i.code}|${i.department}|${i.serviceClass}`;

/** 1–3 versions, each with unique code/department/class items and a distinct version number. */
const tariffArb: fc.Arbitrary<TariffVersion[]> = fc
  .array(
    fc.record({
      effectiveFrom: dateArb(2025, 2027),
      items: fc.uniqueArray(itemArb(fc.integer({ min: 0, max: 100_000_000 })), {
        minLength: 1,
        maxLength: 10,
        selector: key,
      }),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((versions) => versions.map((v, i) => ({ ...v, id: `tv_${i + 1}`, version: i + 1, currency: "CNY" })));

// ---- an independent oracle ------------------------------------------------------

function oracleVersion(versions: TariffVersion[], date: string): TariffVersion | undefined {
  return [...versions]
    .sort((a, b) =>
      a.effectiveFrom === b.effectiveFrom ? b.version - a.version : a.effectiveFrom < b.effectiveFrom ? 1 : -1,
    )
    .find((v) => v.effectiveFrom <= date);
}

function earliest(versions: TariffVersion[]): string {
  return versions.map((v) => v.effectiveFrom).sort()[0] as string;
}

interface Pick {
  date: string;
  pick: number;
  quantity: number;
  omitDepartment: boolean;
  omitClass: boolean;
}

const pickArb: fc.Arbitrary<Pick> = fc.record({
  date: dateArb(2024, 2028),
  pick: fc.nat(),
  quantity: fc.integer({ min: 1, max: 10_000 }),
  omitDepartment: fc.boolean(),
  omitClass: fc.boolean(),
});

/** A valid request for an item of the version in force on its date, plus that item. */
function validRequest(
  versions: TariffVersion[],
  p: Pick,
): { request: MedicalLineRequest; item: TariffItem; version: TariffVersion } {
  const date = oracleVersion(versions, p.date) === undefined ? earliest(versions) : p.date;
  const version = oracleVersion(versions, date) as TariffVersion;
  const item = version.items[p.pick % version.items.length] as TariffItem;
  const sameCodeClass = version.items.filter((i) => i.code === item.code && i.serviceClass === item.serviceClass);
  const request: MedicalLineRequest = { code: item.code, quantity: p.quantity, serviceDate: date };
  if (!(p.omitDepartment && sameCodeClass.length === 1)) request.department = item.department;
  if (!(p.omitClass && item.serviceClass === "standard")) request.serviceClass = item.serviceClass;
  return { request, item, version };
}

// ---- properties ---------------------------------------------------------------

describe("pricing properties", () => {
  it("1. every priced line carries exactly the domestic price of the version in force on its date", () => {
    fc.assert(
      fc.property(tariffArb, fc.array(pickArb, { minLength: 1, maxLength: 8 }), (versions, picks) => {
        const expected = picks.map((p) => validRequest(versions, p));
        const { lines, violations } = priceMedicalLines(
          expected.map((e) => e.request),
          versions,
        );
        expect(violations).toEqual([]);
        // Independent of the implementation: the oracle's version and a fresh lookup of the domestic item.
        const want = expected.map(({ item, version, request }, index) => {
          const domestic = version.items.find((i) => key(i) === key(item)) as TariffItem;
          return {
            lineNo: index + 1,
            key: key(domestic),
            unitPrice: domestic.unitPrice,
            lineTotal: domestic.unitPrice * request.quantity,
            currency: version.currency,
            version: [version.id, version.version],
            serviceDate: request.serviceDate,
          };
        });
        const got = lines.map((line) => ({
          lineNo: line.lineNo,
          key: key(line),
          unitPrice: line.unitPrice,
          lineTotal: line.lineTotal,
          currency: line.currency,
          version: [line.tariffVersionId, line.tariffVersion],
          serviceDate: line.serviceDate,
        }));
        expect(got).toEqual(want);
        expect(lines.every((l) => Number.isSafeInteger(l.lineTotal))).toBe(true);
      }),
      RUNS,
    );
  });

  it("2. a request carrying a unit price or a currency is never priced", () => {
    const tamperArb = fc.record({
      price: fc.option(
        fc.oneof(
          fc.constant("domestic" as const),
          fc.anything().filter((v) => v !== undefined),
        ),
        { nil: undefined },
      ),
      currency: fc.option(
        fc.oneof(
          fc.constantFrom("CNY", "USD", ""),
          fc.anything().filter((v) => v !== undefined),
        ),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(
        tariffArb,
        fc.array(fc.tuple(pickArb, tamperArb), { minLength: 1, maxLength: 8 }),
        (versions, picks) => {
          const requests = picks.map(([p, tamper]) => {
            const { request, item } = validRequest(versions, p);
            const tampered: MedicalLineRequest = { ...request };
            if (tamper.price !== undefined)
              tampered.unitPrice = tamper.price === "domestic" ? item.unitPrice : tamper.price;
            if (tamper.currency !== undefined) tampered.currency = tamper.currency;
            return { request: tampered, item, tamper };
          });
          const { lines, violations } = priceMedicalLines(
            requests.map((r) => r.request),
            versions,
          );
          const got = requests.map((_, index) => {
            const lineNo = index + 1;
            const codes = violations.filter((v) => v.lineNo === lineNo).map((v) => v.code);
            return { codes, prices: lines.filter((l) => l.lineNo === lineNo).map((l) => l.unitPrice) };
          });
          const want = requests.map(({ tamper, item }) => {
            const codes: string[] = [];
            if (tamper.price !== undefined) codes.push("price_not_allowed");
            if (tamper.currency !== undefined) codes.push("currency_not_allowed");
            return { codes, prices: codes.length === 0 ? [item.unitPrice] : [] };
          });
          expect(got).toEqual(want);
        },
      ),
      RUNS,
    );
  });

  const CURRENCIES = ["CNY", "KZT", "USD", "EUR", "JOD", "JPY", "UZS"];
  /** A decimal between 0.1 and 100 with four decimals. */
  const rateStringArb = fc.integer({ min: 1_000, max: 1_000_000 }).map((n) => {
    const s = String(n).padStart(5, "0");
    return `${s.slice(0, -4)}.${s.slice(-4)}`;
  });
  /** Every currency but USD is quoted against USD, in a random direction: the rest are crosses. */
  const ratesArb: fc.Arbitrary<FxRate[]> = fc
    .tuple(...CURRENCIES.filter((c) => c !== "USD").map((c) => fc.tuple(fc.constant(c), rateStringArb, fc.boolean())))
    .map((quotes) =>
      quotes.map(([c, rate, usdBase]) => ({
        base: usdBase ? "USD" : c,
        quote: usdBase ? c : "USD",
        rate,
        source: "test",
        asOf: "2026-05-01",
      })),
    );

  it(
    "3. itinerary totals add up exactly in both currencies, each the sum of its " + "lines as shown in that currency",
    () => {
      let overflows = 0;
      const currencyArb = fc.constantFrom(...CURRENCIES);
      const travelArb = fc
        .tuple(
          fc.constantFrom<TravelLine["kind"]>("flight", "transfer", "lodging", "tour"),
          fc.integer({ min: 0, max: 100_000_000 }),
          currencyArb,
        )
        .map(
          ([kind, total, currency]): TravelLine => ({
            kind,
            ref: kind,
            description: kind,
            quantity: 1,
            unitPrice: { amount: total, currency },
            total: { amount: total, currency },
          }),
        );
      const policyArb: fc.Arbitrary<FeePolicy | null> = fc.option(
        fc.record({
          percentBp: fc.integer({ min: 0, max: 3_000 }),
          flat: fc.record({ amount: fc.integer({ min: 0, max: 1_000_000 }), currency: currencyArb }),
        }),
        { nil: null },
      );
      fc.assert(
        fc.property(
          ratesArb,
          currencyArb,
          currencyArb,
          fc.array(fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 10_000 })), {
            maxLength: 5,
          }),
          fc.array(travelArb, { maxLength: 6 }),
          policyArb,
          (rates, hospitalCurrency, patientCurrency, medicalSpecs, travel, feePolicy) => {
            const medical = medicalSpecs.map(
              ([unitPrice, quantity], i): PricedMedicalLine => ({
                lineNo: i + 1,
                code: "X",
                name: {},
                department: "d",
                serviceClass: "standard",
                kind: "procedure",
                unit: "each",
                quantity,
                serviceDate: "2026-05-10",
                unitPrice,
                lineTotal: unitPrice * quantity,
                currency: hospitalCurrency,
                tariffVersionId: "tv_1",
                tariffVersion: 1,
              }),
            );
            let priced: ReturnType<typeof priceItinerary>;
            try {
              priced = priceItinerary({
                medical,
                travel,
                feePolicy,
                hospitalCurrency,
                patientCurrency,
                rates,
                onDate: "2026-05-10",
              });
            } catch (err) {
              // Extreme random rates can push a converted amount past 2^53: the module must refuse
              // (never return a wrong number). Any other error fails the property.
              if (err instanceof PricingError && err.code === "amount_overflow") {
                overflows++;
                return;
              }
              throw err;
            }
            for (const [block, currency] of [
              [priced.hospitalCurrency, hospitalCurrency],
              [priced.patientCurrency, patientCurrency],
            ] as const) {
              for (const m of Object.values(block)) {
                expect(m.currency).toBe(currency);
                expect(Number.isSafeInteger(m.amount)).toBe(true);
              }
              expect(block.grandTotal.amount).toBe(block.medical.amount + block.travel.amount + block.fees.amount);
              expect(block.dueNow.amount).toBe(block.travel.amount + block.fees.amount);
              expect(block.payableAtHospital).toEqual(block.medical);
            }
            // Each block is the sum of the lines as shown in its currency: a line already in it at its own
            // amount, any other converted once, straight from its own currency (never through a third).
            const shownIn = (m: { amount: number; currency: string }, currency: string): number =>
              m.currency === currency
                ? m.amount
                : convert(m, resolveRate(rates, m.currency, currency, "2026-05-10")!).amount;
            const sumShown = (amounts: { amount: number; currency: string }[], currency: string): number =>
              amounts.reduce((sum, m) => sum + shownIn(m, currency), 0);
            const medicalAmounts = medical.map((l) => ({ amount: l.lineTotal, currency: l.currency }));
            for (const [block, currency] of [
              [priced.hospitalCurrency, hospitalCurrency],
              [priced.patientCurrency, patientCurrency],
            ] as const) {
              expect(block.medical.amount).toBe(sumShown(medicalAmounts, currency));
              expect(block.travel.amount).toBe(
                sumShown(
                  travel.map((l) => l.total),
                  currency,
                ),
              );
              expect(block.fees.amount).toBe(
                sumShown(
                  priced.fees.map((f) => f.amount),
                  currency,
                ),
              );
            }
            expect(priced.hospitalCurrency.medical.amount).toBe(medical.reduce((sum, l) => sum + l.lineTotal, 0));
            if (feePolicy === null) expect(priced.fees).toEqual([]);
            for (const fee of priced.fees) {
              expect(fee.amount.currency).toBe(feePolicy!.flat.currency);
              expect(fee.amount.amount).toBeGreaterThan(0);
            }
            // The fee base is the travel subtotal in the policy's currency, summed the same way (it can round to zero).
            const feeBase =
              feePolicy === null
                ? 0
                : sumShown(
                    travel.map((l) => l.total),
                    feePolicy.flat.currency,
                  );
            if (feeBase <= 0) expect(priced.fees).toEqual([]);
            if (feePolicy !== null && feeBase > 0 && feePolicy.flat.amount > 0) {
              expect(priced.fees.find((f) => f.kind === "concierge_flat")?.amount).toEqual(feePolicy.flat);
            }
          },
        ),
        RUNS,
      );
      // Refusals must stay the rare extreme, or the property above would be vacuous.
      expect(overflows).toBeLessThan(RUNS.numRuns! / 20);
    },
  );

  it("4. convert rounds half to even, within half a minor unit of the exact rational", () => {
    const currencyArb = fc.constantFrom("CNY", "JOD", "JPY", "KZT");
    const ratioArb = fc.oneof(fc.bigInt({ min: 1n, max: 4n }), fc.bigInt({ min: 1n, max: 1_000_000n }));
    let ties = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        currencyArb,
        currencyArb,
        ratioArb,
        ratioArb,
        (amount, from, to, num, den) => {
          const rate: ResolvedRate = { from, to, num, den, display: "", source: "test", asOf: "2026-05-01" };
          const shift = minorUnitExponent(to) - minorUnitExponent(from);
          const N = BigInt(amount) * num * (shift > 0 ? 10n ** BigInt(shift) : 1n);
          const D = den * (shift < 0 ? 10n ** BigInt(-shift) : 1n);
          const safe = BigInt(Number.MAX_SAFE_INTEGER);
          let result: number;
          try {
            result = convert({ amount, currency: from }, rate).amount;
          } catch (error) {
            // Only a result beyond the safe range may refuse.
            expect(error).toBeInstanceOf(PricingError);
            expect((error as PricingError).code).toBe("amount_overflow");
            expect(N / D >= safe || N / D <= -safe).toBe(true);
            return;
          }
          expect(Number.isSafeInteger(result)).toBe(true);
          const error2 = 2n * (BigInt(result) * D - N); // 2·(result − exact)·D
          const magnitude = error2 < 0n ? -error2 : error2;
          expect(magnitude <= D).toBe(true);
          if (magnitude === D) {
            ties++;
            expect(BigInt(result) % 2n).toBe(0n);
          }
        },
      ),
      RUNS,
    );
    expect(ties).toBeGreaterThan(0); // the generator does reach ties
  });

  it("4b. resolveRate reads decimal strings exactly, and its inverse is the exact reciprocal", () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.stringMatching(/^\d{0,8}$/), (whole, fraction) => {
        const digits = BigInt(`${whole}${fraction}`);
        fc.pre(digits > 0n);
        const text = fraction === "" ? String(whole) : `${whole}.${fraction}`;
        const rates: FxRate[] = [{ base: "CNY", quote: "KZT", rate: text, source: "t", asOf: "2026-01-01" }];
        const direct = resolveRate(rates, "CNY", "KZT", "2026-01-01")!;
        const inverse = resolveRate(rates, "KZT", "CNY", "2026-01-01")!;
        const scale = 10n ** BigInt(fraction.length);
        expect(direct.num * scale).toBe(digits * direct.den);
        expect(inverse.num * direct.num).toBe(inverse.den * direct.den);
      }),
      RUNS,
    );
  });

  it("5. the parity index answers exactly as parityVerdict", () => {
    // Few prices, so that parity happens; duplicates and tied versions allowed on purpose.
    const priceArb = fc.constantFrom(0, 100, 4500, 60000, 600000);
    const versionsArb = fc.array(
      fc.record({
        id: fc.constantFrom("tv_a", "tv_b", "tv_c", "tv_d"),
        version: fc.integer({ min: 1, max: 3 }),
        effectiveFrom: fc.oneof(fc.constantFrom("2025-01-01", "2025-06-01"), dateArb(2025, 2026)),
        currency: fc.constant("CNY"),
        items: fc.array(itemArb(priceArb), { maxLength: 12 }),
      }),
      { maxLength: 4 },
    );
    const chargedArb: fc.Arbitrary<ChargedLine> = fc.record(
      {
        code: fc.constantFrom(...CODES, "UNKNOWN"),
        department: fc.constantFrom(...DEPARTMENTS, "nowhere"),
        serviceClass: fc.constantFrom(...CLASSES, "international"),
        serviceDate: fc.oneof(
          fc.constantFrom("2024-12-31", "2025-01-01", "2025-05-31", "2025-06-01", "2025-06-02"),
          dateArb(2024, 2027),
        ),
        unitPrice: fc.oneof(priceArb, fc.integer({ min: -1_000_000, max: 100_000_000 })),
        quantity: fc.integer({ min: 1, max: 10 }),
      },
      { requiredKeys: ["code", "serviceDate", "unitPrice"] },
    );
    fc.assert(
      fc.property(versionsArb, fc.array(chargedArb, { minLength: 1, maxLength: 10 }), (versions, lines) => {
        const index = createParityIndex(versions);
        for (const line of lines) {
          expect(index.verdict(line)).toStrictEqual(parityVerdict(line, versions));
        }
      }),
      RUNS,
    );
  });
});
