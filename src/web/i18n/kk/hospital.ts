/** The hospital console's shell: navigation, the hospital picker, the /me link. */
export const hospital = {
  "hospital.console": "Аурухана консолі · {hospital}",
  "hospital.nav.label": "Аурухана консолі",
  "hospital.nav.allHospitals": "Барлық ауруханалар",
  "hospital.nav.tariffs": "Тарифтер",
  "hospital.nav.parity": "Паритет есебі",
  "hospital.nav.invoiceCheck": "Шот-фактураны тексеру",
  "hospital.nav.priceFile": "Баға файлы",
  "hospital.nav.consultations": "Кеңестер",
  "hospital.pick.title": "Ауруханны таңдаңыз",
  "hospital.pick.hospital": "Аурухана",
  "hospital.pick.city": "Қала",
  "hospital.me.title": "Аурухана консолі",
  "hospital.me.link": "Аурухана консолін ашу",
};
