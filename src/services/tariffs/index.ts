// The tariff verbs, as the transports import them. Keep names stable.
export * from "../pricing/tariffs";
