/** The pure pricing module: money, FX, tariffs, medical parity, fees and totals. */
export * from "./money";
export * from "./fx";
export * from "./tariff";
export * from "./medical";
export * from "./fees";
export * from "./totals";
