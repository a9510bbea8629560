// The tariff verbs, as the transports import them. Keep names stable.
export * from "./price-file";
export * from "./publish";
export { getTariffVersion, listTariffVersions } from "./versions";
