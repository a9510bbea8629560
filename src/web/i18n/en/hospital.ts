/** The hospital console's shell: navigation, the hospital picker, the /me link. */
export const hospital = {
  "hospital.console": "Hospital console · {hospital}",
  "hospital.nav.label": "Hospital console",
  "hospital.nav.allHospitals": "All hospitals",
  "hospital.nav.tariffs": "Tariffs",
  "hospital.nav.parity": "Parity report",
  "hospital.nav.invoiceCheck": "Invoice check",
  "hospital.nav.priceFile": "Price file",
  "hospital.nav.consultations": "Consultations",
  "hospital.pick.title": "Choose a hospital",
  "hospital.pick.hospital": "Hospital",
  "hospital.pick.city": "City",
  "hospital.me.title": "Hospital console",
  "hospital.me.link": "Open the hospital console",
} as const;
