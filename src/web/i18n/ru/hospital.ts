/** The hospital console's shell: navigation, the hospital picker, the /me link. */
export const hospital = {
  "hospital.console": "Консоль больницы · {hospital}",
  "hospital.nav.label": "Консоль больницы",
  "hospital.nav.allHospitals": "Все больницы",
  "hospital.nav.tariffs": "Тарифы",
  "hospital.nav.parity": "Отчёт о паритете",
  "hospital.nav.invoiceCheck": "Проверка счетов",
  "hospital.nav.priceFile": "Файл цен",
  "hospital.nav.consultations": "Консультации",
  "hospital.pick.title": "Выберите больницу",
  "hospital.pick.hospital": "Больница",
  "hospital.pick.city": "Город",
  "hospital.me.title": "Консоль больницы",
  "hospital.me.link": "Открыть консоль больницы",
};
