/** The hospital console's shell: navigation, the hospital picker, the /me link. */
export const hospital = {
  "hospital.console": "医院控制台 · {hospital}",
  "hospital.nav.label": "医院控制台",
  "hospital.nav.allHospitals": "所有医院",
  "hospital.nav.tariffs": "价目表",
  "hospital.nav.parity": "价格一致性报告",
  "hospital.nav.invoiceCheck": "账单核对",
  "hospital.nav.priceFile": "价格文件",
  "hospital.nav.consultations": "会诊",
  "hospital.pick.title": "选择医院",
  "hospital.pick.hospital": "医院",
  "hospital.pick.city": "城市",
  "hospital.me.title": "医院控制台",
  "hospital.me.link": "打开医院控制台",
};
