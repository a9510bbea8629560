/** Itinerary totals in the hospital's and the patient's currency, exact to the minor unit. */
import { conciergeFees, type FeeLine, type FeePolicy } from "./fees";
import { convert, type FxRate, type ResolvedRate, resolveRate } from "./fx";
import type { PricedMedicalLine } from "./medical";
import { type Money, PricingError, assertSafeAmount, minorUnitExponent, sumMoney } from "./money";

export interface TravelLine {
  kind: "flight" | "transfer" | "lodging" | "tour";
  ref: string;
  description: string;
  quantity: number;
  unitPrice: Money;
  total: Money;
}

export interface TotalsBlock {
  medical: Money;
  travel: Money;
  fees: Money;
  dueNow: Money;
  payableAtHospital: Money;
  grandTotal: Money;
}

export interface PricedItinerary {
  medical: PricedMedicalLine[];
  travel: TravelLine[];
  fees: FeeLine[];
  hospitalCurrency: TotalsBlock;
  patientCurrency: TotalsBlock;
  /** conversions: every non-identity rate used */
  fx: { hospitalToPatient: ResolvedRate; conversions: ResolvedRate[] };
}

export interface PriceItineraryInput {
  medical: PricedMedicalLine[];
  travel: TravelLine[];
  feePolicy: FeePolicy | null;
  hospitalCurrency: string;
  patientCurrency: string;
  rates: FxRate[];
  onDate: string;
}

function block(medical: Money, travel: Money, fees: Money): TotalsBlock {
  const currency = medical.currency;
  return {
    medical,
    travel,
    fees,
    dueNow: sumMoney([travel, fees], currency),
    payableAtHospital: medical,
    grandTotal: sumMoney([medical, travel, fees], currency),
  };
}

/**
 * Sums everything in minor units. Medical lines are in the hospital currency; each travel line
 * total is converted to it (half-even, per line). Fees come from conciergeFees on the travel
 * subtotal converted to the policy's currency, then each is converted to the hospital currency.
 * The patient block converts the medical, travel and fee subtotals once each and sums them, so
 * grandTotal = medical + travel + fees and dueNow = travel + fees hold exactly in both currencies.
 * Throws PricingError("fx_unavailable") naming the pair when a needed rate is missing.
 */
export function priceItinerary(input: PriceItineraryInput): PricedItinerary {
  const { hospitalCurrency, patientCurrency, rates, onDate } = input;
  minorUnitExponent(hospitalCurrency);
  minorUnitExponent(patientCurrency);

  const used = new Map<string, ResolvedRate>();
  const rateFor = (from: string, to: string): ResolvedRate => {
    const key = `${from}>${to}`;
    const cached = used.get(key);
    if (cached !== undefined) return cached;
    const rate = resolveRate(rates, from, to, onDate);
    if (rate === undefined) {
      throw new PricingError("fx_unavailable", `no exchange rate ${from}→${to} on ${onDate}`);
    }
    used.set(key, rate);
    return rate;
  };
  const toCurrency = (amount: Money, currency: string): Money => convert(amount, rateFor(amount.currency, currency));

  for (const line of input.medical) {
    if (line.currency !== hospitalCurrency) {
      throw new PricingError(
        "currency_mismatch",
        `medical line ${line.lineNo} is in ${JSON.stringify(line.currency)}, not the hospital currency ${hospitalCurrency}`,
      );
    }
    assertSafeAmount(line.lineTotal, `medical line ${line.lineNo} total`);
  }
  const medical = sumMoney(
    input.medical.map((line) => ({ amount: line.lineTotal, currency: line.currency })),
    hospitalCurrency,
  );

  const travel = sumMoney(
    input.travel.map((line) => toCurrency(line.total, hospitalCurrency)),
    hospitalCurrency,
  );

  const fees =
    input.feePolicy === null
      ? []
      : conciergeFees(toCurrency(travel, input.feePolicy.flat.currency), input.feePolicy);
  const feesTotal = sumMoney(
    fees.map((fee) => toCurrency(fee.amount, hospitalCurrency)),
    hospitalCurrency,
  );

  const hospitalToPatient = rateFor(hospitalCurrency, patientCurrency);
  const hospitalBlock = block(medical, travel, feesTotal);
  const patientBlock = block(
    convert(medical, hospitalToPatient),
    convert(travel, hospitalToPatient),
    convert(feesTotal, hospitalToPatient),
  );

  return {
    medical: input.medical,
    travel: input.travel,
    fees,
    hospitalCurrency: hospitalBlock,
    patientCurrency: patientBlock,
    fx: {
      hospitalToPatient,
      conversions: [...used.values()].filter((rate) => rate.from !== rate.to),
    },
  };
}
