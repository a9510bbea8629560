import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ChargedLine, createParityIndex, parityVerdict } from "../../../src/domain/parity";
import {
  type MedicalLineRequest,
  type TariffItem,
  type TariffVersion,
  priceMedicalLines,
} from "../../../src/domain/pricing";

/** Properties of medical-line pricing and of the parity index, over random tariffs and requests. */

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
