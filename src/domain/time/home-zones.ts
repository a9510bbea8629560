/**
 * A patient's home zone when they did not give one: the capital's zone of their country.
 * Used only to show times; never to price anything.
 */
const BY_COUNTRY: Record<string, string> = {
  KZ: "Asia/Almaty",
  KG: "Asia/Bishkek",
  UZ: "Asia/Tashkent",
  TJ: "Asia/Dushanbe",
  TM: "Asia/Ashgabat",
  GE: "Asia/Tbilisi",
  AZ: "Asia/Baku",
  AM: "Asia/Yerevan",
  JO: "Asia/Amman",
  YE: "Asia/Aden",
  PK: "Asia/Karachi",
  MN: "Asia/Ulaanbaatar",
  RU: "Europe/Moscow",
  TR: "Europe/Istanbul",
  AE: "Asia/Dubai",
  SA: "Asia/Riyadh",
  CN: "Asia/Shanghai",
};

export function defaultHomeZone(country: string): string {
  return BY_COUNTRY[country.toUpperCase()] ?? "UTC";
}
