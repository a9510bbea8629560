// The tariff verbs, as the transports import them. Keep names stable.
export * from "./price-file";
export * from "./publish";
export { getTariffVersion, listTariffVersions } from "./versions";
export { consoleTariffVersion, consoleTariffVersions } from "./console";
export { validateTariffUpload } from "./upload";
export { previewTariffUpload, publishTariffUpload } from "./upload-publish";
