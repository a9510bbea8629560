import type { Insertable, Kysely, Transaction } from "kysely";
import type {
  AgenciesTable,
  AirportsTable,
  ApiTokensTable,
  ConsultationSlotsTable,
  Database,
  DepartmentsTable,
  FlightsTable,
  HospitalsTable,
  HotelDistancesTable,
  HotelsTable,
  PatientsTable,
  RoomTypesTable,
  TariffItemsTable,
  TariffVersionsTable,
  TourDeparturesTable,
  ToursTable,
  TransferProductsTable,
  UsersTable,
} from "../../src/data/schema";
import { hashToken } from "../../src/ports/crypto";
import { addDays, localDate, localToUtc } from "../../src/domain/time/local-time";
import { DEMO_AGENCIES, DEMO_PATIENTS, DEMO_USERS } from "./demo-users";

/**
 * Demo data, after the seed stories (shared/seeds): Central Asian patients
 * treated in Urumqi hospitals, a Jordanian patient operated on in Yiwu. Names of
 * hospitals, airports and hotels are real; every price, schedule, capacity and
 * person is illustrative demo data.
 *
 * Dialect-neutral (SQLite and PostgreSQL): plain inserts only, at most
 * CHUNK rows per statement, all in one transaction, guarded by the app_meta key
 * `demo_seeded` so it never runs twice.
 */

export const DEMO_SEED_KEY = "demo_seeded";
const CHUNK = 200;
/** Flights and tour departures: origin-local dates today … today + HORIZON_DAYS. */
const HORIZON_DAYS = 120;
/** Consultation slots: the next SLOT_DAYS hospital-local days. */
const SLOT_DAYS = 30;
const DEMO_NOTE = "Demo data: illustrative domestic tariff";

type Row<T> = Insertable<T>;
type TableName = keyof Database & string;

// ---------------------------------------------------------------------------
// Hospitals and departments

interface HospitalDef {
  id: string;
  /** Short key used in derived ids (`dep_xjph_…`, `tfi_xjph_…`). */
  key: string;
  name: string;
  nameLocal: string;
  city: string;
  zone: string;
  languages: string[];
  internationalBeds: number;
  address: string;
  latitude: number;
  longitude: number;
  departments: DepartmentDef[];
}

interface DepartmentDef {
  code: string;
  name: string;
  /** Takes clinical consultations (gets consultation slots). */
  consults: boolean;
  /** The hospital marks it as serving foreign patients: standard domestic prices only. */
  servesForeignPatients?: boolean;
  languages?: string[];
}

const HOSPITALS: readonly HospitalDef[] = [
  {
    id: "hsp_xjph",
    key: "xjph",
    name: "Xinjiang People's Hospital",
    nameLocal: "新疆维吾尔自治区人民医院",
    city: "Urumqi",
    zone: "Asia/Shanghai",
    languages: ["zh", "ug", "kk", "ru", "en"],
    internationalBeds: 150,
    address: "91 Tianchi Road, Tianshan District, Urumqi, Xinjiang 830001",
    latitude: 43.7797,
    longitude: 87.6172,
    departments: [
      { code: "cardiac_surgery", name: "Cardiac Surgery", consults: true },
      { code: "neurosurgery", name: "Neurosurgery", consults: true },
      { code: "neurology", name: "Neurology", consults: true },
      { code: "spine_surgery", name: "Spine Surgery", consults: true },
      { code: "general_surgery", name: "General and Minimally Invasive Surgery", consults: true },
      { code: "health_check", name: "Health Examination Center", consults: false },
      {
        // The domestic VIP service line: same tariff as the standard departments.
        code: "international_medical_center",
        name: "International Medical Center (VIP service line, domestic prices)",
        consults: false,
        servesForeignPatients: true,
        languages: ["zh", "ru", "kk", "en"],
      },
    ],
  },
  {
    id: "hsp_xmu1",
    key: "xmu1",
    name: "First Affiliated Hospital of Xinjiang Medical University",
    nameLocal: "新疆医科大学第一附属医院",
    city: "Urumqi",
    zone: "Asia/Shanghai",
    languages: ["zh", "ug", "kk", "ru", "en"],
    internationalBeds: 120,
    address: "137 Liyushan South Road, Xinshi District, Urumqi, Xinjiang 830054",
    latitude: 43.8321,
    longitude: 87.5786,
    departments: [
      { code: "cardiac_surgery", name: "Cardiac Surgery", consults: true },
      { code: "neurosurgery", name: "Neurosurgery", consults: true },
      { code: "general_surgery", name: "General Surgery", consults: true },
      { code: "health_check", name: "Health Examination Center", consults: false },
    ],
  },
  {
    id: "hsp_xmu2",
    key: "xmu2",
    name: "Second Affiliated Hospital of Xinjiang Medical University",
    nameLocal: "新疆医科大学第二附属医院",
    city: "Urumqi",
    zone: "Asia/Shanghai",
    languages: ["zh", "ug", "ru", "kk"],
    internationalBeds: 60,
    address: "38 Nanhu East Road, Shuimogou District, Urumqi, Xinjiang 830063",
    latitude: 43.8197,
    longitude: 87.6286,
    departments: [
      { code: "neurology", name: "Neurology (headache and migraine clinic)", consults: true },
      { code: "neurosurgery", name: "Neurosurgery", consults: true },
      { code: "health_check", name: "Health Examination Center", consults: false },
    ],
  },
  {
    id: "hsp_xmu6",
    key: "xmu6",
    name: "Sixth Clinical Hospital of Xinjiang Medical University",
    nameLocal: "新疆医科大学第六附属医院",
    city: "Urumqi",
    zone: "Asia/Shanghai",
    languages: ["zh", "ru", "kk"],
    internationalBeds: 50,
    address: "39 Wuxing South Road, Tianshan District, Urumqi, Xinjiang 830002",
    latitude: 43.7773,
    longitude: 87.642,
    departments: [
      { code: "spine_surgery", name: "Orthopedics and Spine Surgery", consults: true },
      { code: "health_check", name: "Health Examination Center", consults: false },
    ],
  },
  {
    id: "hsp_xtum",
    key: "xtum",
    name: "Hospital of Xinjiang Traditional Uyghur Medicine",
    nameLocal: "新疆维吾尔自治区维吾尔医医院",
    city: "Urumqi",
    // On purpose: this hospital keeps local Xinjiang time, to exercise per-place zones.
    zone: "Asia/Urumqi",
    languages: ["ug", "zh", "ru", "uz", "kk"],
    internationalBeds: 40,
    address: "776 Yan'an Road, Tianshan District, Urumqi, Xinjiang 830049",
    latitude: 43.768,
    longitude: 87.6385,
    departments: [
      { code: "traditional_medicine", name: "Traditional Uyghur Medicine", consults: true },
      { code: "obstetrics", name: "Obstetrics", consults: true },
      { code: "pediatrics", name: "Pediatrics", consults: true },
    ],
  },
  {
    id: "hsp_zju4",
    key: "zju4",
    name: "The Fourth Affiliated Hospital, Zhejiang University School of Medicine",
    nameLocal: "浙江大学医学院附属第四医院",
    city: "Yiwu",
    zone: "Asia/Shanghai",
    languages: ["zh", "en", "ar", "ru"],
    internationalBeds: 80,
    address: "N1 Shangcheng Avenue, Yiwu, Zhejiang 322000",
    latitude: 29.3347,
    longitude: 120.1031,
    departments: [
      { code: "general_surgery", name: "Minimally Invasive Abdominal Surgery", consults: true },
      { code: "health_check", name: "Health Management Center", consults: false },
      { code: "pediatrics", name: "Pediatrics and Vaccination Clinic", consults: true },
      { code: "obstetrics", name: "Obstetrics", consults: true },
    ],
  },
];

// ---------------------------------------------------------------------------
// Domestic tariff

type Kind = "procedure" | "diagnostic" | "bed_day" | "medication_package" | "consultation" | "vaccination" | "course";

interface ItemName {
  en: string;
  ru: string;
  zh: string;
}

interface ItemDef {
  name: ItemName;
  kind: Kind;
  unit: string;
  description?: string;
}

/** What each tariff code means; prices are per hospital below. */
const ITEMS: Record<string, ItemDef> = {
  "CARD-CABG": {
    name: {
      en: "Coronary artery bypass graft (CABG)",
      ru: "Аортокоронарное шунтирование (АКШ)",
      zh: "冠状动脉旁路移植术",
    },
    kind: "procedure",
    unit: "procedure",
    description: "Heart bypass surgery, operating theatre, anaesthesia and surgical team; bed-days billed separately.",
  },
  "CARD-VALVE": {
    name: { en: "Heart valve replacement", ru: "Протезирование клапана сердца", zh: "心脏瓣膜置换术" },
    kind: "procedure",
    unit: "procedure",
  },
  "CARD-CAG": {
    name: { en: "Coronary angiography", ru: "Коронарография", zh: "冠状动脉造影" },
    kind: "diagnostic",
    unit: "examination",
  },
  "CARD-ECHO": {
    name: { en: "Echocardiography", ru: "Эхокардиография", zh: "超声心动图" },
    kind: "diagnostic",
    unit: "examination",
  },
  "CARD-POSTOP-MED": {
    name: { en: "Post-CABG medication package", ru: "Пакет медикаментов после АКШ", zh: "搭桥术后药物包" },
    kind: "medication_package",
    unit: "package",
  },
  "NSUR-CRANI": {
    name: { en: "Craniotomy for tumour resection", ru: "Краниотомия с удалением опухоли", zh: "开颅肿瘤切除术" },
    kind: "procedure",
    unit: "procedure",
  },
  "NSUR-MVD": {
    name: { en: "Microvascular decompression", ru: "Микроваскулярная декомпрессия", zh: "微血管减压术" },
    kind: "procedure",
    unit: "procedure",
  },
  "NEUR-MIGR": {
    name: {
      en: "Migraine treatment course (7 days)",
      ru: "Курс лечения мигрени (7 дней)",
      zh: "偏头痛治疗疗程（7天）",
    },
    kind: "course",
    unit: "course",
    description: "Seven-day course: muscle-relaxant and vasoactive drug therapy with neurological monitoring.",
  },
  "NEUR-MRLX": {
    name: { en: "Muscle-relaxant medication package", ru: "Пакет миорелаксантов", zh: "肌松药物包" },
    kind: "medication_package",
    unit: "package",
  },
  "NEUR-TCD": {
    name: { en: "Transcranial Doppler ultrasound", ru: "Транскраниальная допплерография", zh: "经颅多普勒超声" },
    kind: "diagnostic",
    unit: "examination",
    description: "Cerebral blood-flow study.",
  },
  "NEUR-EEG": {
    name: { en: "Electroencephalography (EEG)", ru: "Электроэнцефалография (ЭЭГ)", zh: "脑电图" },
    kind: "diagnostic",
    unit: "examination",
  },
  "SPIN-FUSION": {
    name: { en: "Lumbar spinal fusion", ru: "Спондилодез поясничного отдела", zh: "腰椎融合术" },
    kind: "procedure",
    unit: "procedure",
  },
  "SPIN-ENDO": {
    name: { en: "Endoscopic discectomy", ru: "Эндоскопическая дискэктомия", zh: "内镜下椎间盘切除术" },
    kind: "procedure",
    unit: "procedure",
  },
  "SPIN-KYPHO": {
    name: { en: "Percutaneous kyphoplasty", ru: "Чрескожная кифопластика", zh: "经皮椎体后凸成形术" },
    kind: "procedure",
    unit: "procedure",
  },
  "REHB-SPINE": {
    name: {
      en: "Spinal rehabilitation course (10 sessions)",
      ru: "Курс реабилитации позвоночника (10 сеансов)",
      zh: "脊柱康复疗程（10次）",
    },
    kind: "course",
    unit: "course",
  },
  "GSUR-LCHOL": {
    name: { en: "Laparoscopic cholecystectomy", ru: "Лапароскопическая холецистэктомия", zh: "腹腔镜胆囊切除术" },
    kind: "procedure",
    unit: "procedure",
  },
  "GSUR-LAPP": {
    name: { en: "Laparoscopic appendectomy", ru: "Лапароскопическая аппендэктомия", zh: "腹腔镜阑尾切除术" },
    kind: "procedure",
    unit: "procedure",
  },
  "GSUR-LHERN": {
    name: {
      en: "Laparoscopic inguinal hernia repair",
      ru: "Лапароскопическая пластика паховой грыжи",
      zh: "腹腔镜腹股沟疝修补术",
    },
    kind: "procedure",
    unit: "procedure",
  },
  "GSUR-LCOL": {
    name: { en: "Laparoscopic colectomy", ru: "Лапароскопическая резекция толстой кишки", zh: "腹腔镜结肠切除术" },
    kind: "procedure",
    unit: "procedure",
  },
  "CHK-STD": {
    name: { en: "Standard health check", ru: "Стандартный чек-ап", zh: "标准健康体检" },
    kind: "diagnostic",
    unit: "package",
  },
  "CHK-EXEC": {
    name: { en: "Executive health check", ru: "Расширенный чек-ап", zh: "高端健康体检" },
    kind: "diagnostic",
    unit: "package",
    description: "Full-day check-up: labs, imaging, cardiology and specialist review.",
  },
  "IMG-MRI-BRAIN": {
    name: { en: "MRI of the brain", ru: "МРТ головного мозга", zh: "头颅磁共振成像" },
    kind: "diagnostic",
    unit: "examination",
  },
  "IMG-MRI-LSPINE": {
    name: { en: "MRI of the lumbar spine", ru: "МРТ поясничного отдела позвоночника", zh: "腰椎磁共振成像" },
    kind: "diagnostic",
    unit: "examination",
  },
  "IMG-CT-CHEST": {
    name: { en: "CT of the chest", ru: "КТ органов грудной клетки", zh: "胸部CT" },
    kind: "diagnostic",
    unit: "examination",
  },
  "IMG-CT-HEAD": {
    name: { en: "CT of the head", ru: "КТ головного мозга", zh: "头颅CT" },
    kind: "diagnostic",
    unit: "examination",
  },
  "IMG-CT-SPINE": {
    name: { en: "CT of the spine", ru: "КТ позвоночника", zh: "脊柱CT" },
    kind: "diagnostic",
    unit: "examination",
  },
  "IMG-CT-ABD": {
    name: { en: "CT of the abdomen", ru: "КТ брюшной полости", zh: "腹部CT" },
    kind: "diagnostic",
    unit: "examination",
  },
  "IMG-CTA-COR": {
    name: { en: "CT coronary angiography", ru: "КТ-коронарография", zh: "冠状动脉CT血管造影" },
    kind: "diagnostic",
    unit: "examination",
  },
  "IMG-XR-SPINE": {
    name: { en: "X-ray of the spine", ru: "Рентгенография позвоночника", zh: "脊柱X线摄影" },
    kind: "diagnostic",
    unit: "examination",
  },
  "CONS-SPEC": {
    name: { en: "Specialist outpatient consultation", ru: "Консультация специалиста", zh: "专科门诊" },
    kind: "consultation",
    unit: "visit",
  },
  "CONS-EXPERT": {
    name: { en: "Senior expert consultation", ru: "Консультация профессора", zh: "专家门诊" },
    kind: "consultation",
    unit: "visit",
  },
  "CONS-PED": {
    name: { en: "Paediatric consultation", ru: "Консультация педиатра", zh: "儿科门诊" },
    kind: "consultation",
    unit: "visit",
  },
  "BED-WARD": {
    name: { en: "Ward bed-day", ru: "Койко-день в палате", zh: "病房床位日" },
    kind: "bed_day",
    unit: "day",
    description:
      "Standard class: shared ward room. Premium ward: single room, sold to domestic patients at the same price.",
  },
  "BED-ICU": {
    name: { en: "Intensive care bed-day", ru: "Койко-день в реанимации", zh: "重症监护床位日" },
    kind: "bed_day",
    unit: "day",
  },
  "OBS-VAG": {
    name: { en: "Vaginal childbirth", ru: "Естественные роды", zh: "顺产" },
    kind: "procedure",
    unit: "delivery",
  },
  "OBS-CS": {
    name: { en: "Caesarean section", ru: "Кесарево сечение", zh: "剖宫产" },
    kind: "procedure",
    unit: "delivery",
  },
  "OBS-PRENATAL": {
    name: { en: "Prenatal check-up", ru: "Пренатальное обследование", zh: "产前检查" },
    kind: "diagnostic",
    unit: "visit",
  },
  "TUM-COURSE": {
    name: {
      en: "Traditional Uyghur medicine course (14 days)",
      ru: "Курс традиционной уйгурской медицины (14 дней)",
      zh: "维吾尔医传统疗法疗程（14天）",
    },
    kind: "course",
    unit: "course",
  },
  "TUM-HERBAL": {
    name: { en: "Uyghur herbal medicine package", ru: "Пакет уйгурских фитопрепаратов", zh: "维吾尔药草药包" },
    kind: "medication_package",
    unit: "package",
  },
  "TUM-SAND": {
    name: { en: "Sand therapy course (7 sessions)", ru: "Курс пескотерапии (7 сеансов)", zh: "沙疗疗程（7次）" },
    kind: "course",
    unit: "course",
  },
  "VAC-HEPB": {
    name: { en: "Hepatitis B vaccine", ru: "Вакцина против гепатита B", zh: "乙型肝炎疫苗" },
    kind: "vaccination",
    unit: "dose",
  },
  "VAC-VZV": {
    name: { en: "Varicella vaccine", ru: "Вакцина против ветряной оспы", zh: "水痘减毒活疫苗" },
    kind: "vaccination",
    unit: "dose",
  },
  "VAC-EV71": {
    name: {
      en: "EV71 vaccine (hand, foot and mouth disease)",
      ru: "Вакцина EV71 (энтеровирус)",
      zh: "肠道病毒71型灭活疫苗",
    },
    kind: "vaccination",
    unit: "dose",
  },
  "VAC-FLU": {
    name: { en: "Influenza vaccine (children)", ru: "Вакцина против гриппа (детская)", zh: "儿童流感疫苗" },
    kind: "vaccination",
    unit: "dose",
  },
};

/** One priced code in a hospital's tariff; prices in CNY fen. */
interface PriceDef {
  code: string;
  department: string;
  price: number;
  /** Premium ward class (bed-days only): a real domestic option at its own price. */
  premium?: number;
  /** Version 2 prices, where a version 2 exists and the price changes. */
  v2?: number;
  v2Premium?: number;
}

interface TariffDef {
  hospitalId: string;
  items: PriceDef[];
  /** Publish a version 2 effective 2027-01-01. */
  version2: boolean;
  /** Codes duplicated into the international medical center (VIP line) at the same price. */
  vipLine?: { department: string; serviceClass: string; codes: string[] };
}

const TARIFFS: readonly TariffDef[] = [
  {
    hospitalId: "hsp_xjph",
    version2: true,
    items: [
      { code: "CARD-CABG", department: "cardiac_surgery", price: 9_800_000, v2: 10_200_000 },
      { code: "NEUR-MIGR", department: "neurology", price: 350_000 },
      { code: "SPIN-FUSION", department: "spine_surgery", price: 6_000_000 },
      { code: "GSUR-LCHOL", department: "general_surgery", price: 1_800_000 },
      { code: "CHK-EXEC", department: "health_check", price: 480_000, v2: 450_000 },
      { code: "IMG-MRI-BRAIN", department: "neurology", price: 80_000, v2: 72_000 },
      { code: "IMG-CT-CHEST", department: "cardiac_surgery", price: 50_000 },
      { code: "CONS-SPEC", department: "neurology", price: 5_000 },
      { code: "BED-WARD", department: "general_surgery", price: 18_000, premium: 68_000, v2: 19_500 },
      { code: "BED-ICU", department: "cardiac_surgery", price: 250_000 },
      { code: "CARD-POSTOP-MED", department: "cardiac_surgery", price: 120_000 },
    ],
    vipLine: {
      department: "international_medical_center",
      // tariff_items is unique on (version, code, service_class), so the VIP line
      // repeats the code under its own class, at exactly the standard price.
      serviceClass: "vip",
      codes: ["CARD-CABG", "CHK-EXEC", "CONS-SPEC"],
    },
  },
  {
    hospitalId: "hsp_xmu1",
    version2: false,
    items: [
      { code: "CARD-CABG", department: "cardiac_surgery", price: 9_500_000 },
      { code: "CARD-VALVE", department: "cardiac_surgery", price: 11_000_000 },
      { code: "CARD-CAG", department: "cardiac_surgery", price: 500_000 },
      { code: "CARD-ECHO", department: "cardiac_surgery", price: 30_000 },
      { code: "IMG-CTA-COR", department: "cardiac_surgery", price: 120_000 },
      { code: "NSUR-CRANI", department: "neurosurgery", price: 7_000_000 },
      { code: "GSUR-LCHOL", department: "general_surgery", price: 1_750_000 },
      { code: "CHK-STD", department: "health_check", price: 250_000 },
      { code: "CONS-SPEC", department: "cardiac_surgery", price: 5_000 },
      { code: "BED-WARD", department: "cardiac_surgery", price: 16_000, premium: 60_000 },
      { code: "BED-ICU", department: "cardiac_surgery", price: 240_000 },
    ],
  },
  {
    hospitalId: "hsp_xmu2",
    version2: false,
    items: [
      { code: "NEUR-MIGR", department: "neurology", price: 350_000 },
      { code: "NEUR-MRLX", department: "neurology", price: 60_000 },
      { code: "NEUR-TCD", department: "neurology", price: 20_000 },
      { code: "NEUR-EEG", department: "neurology", price: 15_000 },
      { code: "IMG-MRI-BRAIN", department: "neurology", price: 80_000 },
      { code: "IMG-CT-HEAD", department: "neurology", price: 45_000 },
      { code: "CONS-SPEC", department: "neurology", price: 5_000 },
      { code: "CONS-EXPERT", department: "neurology", price: 10_000 },
      { code: "NSUR-MVD", department: "neurosurgery", price: 4_200_000 },
      { code: "CHK-STD", department: "health_check", price: 260_000 },
      { code: "BED-WARD", department: "neurology", price: 14_000, premium: 55_000 },
    ],
  },
  {
    hospitalId: "hsp_xmu6",
    version2: false,
    items: [
      { code: "SPIN-FUSION", department: "spine_surgery", price: 6_000_000 },
      { code: "SPIN-ENDO", department: "spine_surgery", price: 2_800_000 },
      { code: "SPIN-KYPHO", department: "spine_surgery", price: 3_500_000 },
      { code: "IMG-MRI-LSPINE", department: "spine_surgery", price: 80_000 },
      { code: "IMG-CT-SPINE", department: "spine_surgery", price: 50_000 },
      { code: "IMG-XR-SPINE", department: "spine_surgery", price: 8_000 },
      { code: "REHB-SPINE", department: "spine_surgery", price: 180_000 },
      { code: "CONS-SPEC", department: "spine_surgery", price: 5_000 },
      { code: "CHK-STD", department: "health_check", price: 240_000 },
      { code: "BED-WARD", department: "spine_surgery", price: 13_000, premium: 50_000 },
    ],
  },
  {
    hospitalId: "hsp_xtum",
    version2: false,
    items: [
      { code: "TUM-COURSE", department: "traditional_medicine", price: 300_000 },
      { code: "TUM-HERBAL", department: "traditional_medicine", price: 80_000 },
      { code: "TUM-SAND", department: "traditional_medicine", price: 150_000 },
      { code: "CONS-SPEC", department: "traditional_medicine", price: 5_000 },
      { code: "OBS-VAG", department: "obstetrics", price: 500_000 },
      { code: "OBS-CS", department: "obstetrics", price: 900_000 },
      { code: "OBS-PRENATAL", department: "obstetrics", price: 60_000 },
      { code: "CONS-PED", department: "pediatrics", price: 5_000 },
      { code: "VAC-HEPB", department: "pediatrics", price: 5_000 },
      { code: "BED-WARD", department: "obstetrics", price: 12_000, premium: 45_000 },
    ],
  },
  {
    hospitalId: "hsp_zju4",
    version2: true,
    items: [
      { code: "GSUR-LCHOL", department: "general_surgery", price: 1_850_000, v2: 1_790_000 },
      { code: "GSUR-LAPP", department: "general_surgery", price: 1_200_000 },
      { code: "GSUR-LHERN", department: "general_surgery", price: 1_500_000 },
      { code: "GSUR-LCOL", department: "general_surgery", price: 5_500_000 },
      { code: "IMG-CT-ABD", department: "general_surgery", price: 50_000 },
      { code: "CONS-SPEC", department: "general_surgery", price: 5_000 },
      { code: "CHK-STD", department: "health_check", price: 260_000 },
      { code: "CHK-EXEC", department: "health_check", price: 580_000, v2: 560_000 },
      { code: "CONS-PED", department: "pediatrics", price: 5_000 },
      { code: "VAC-VZV", department: "pediatrics", price: 16_000 },
      { code: "VAC-EV71", department: "pediatrics", price: 21_000, v2: 22_000 },
      { code: "VAC-FLU", department: "pediatrics", price: 8_000 },
      { code: "OBS-VAG", department: "obstetrics", price: 520_000 },
      {
        code: "BED-WARD",
        department: "general_surgery",
        price: 22_000,
        premium: 78_000,
        v2: 23_000,
        v2Premium: 80_000,
      },
    ],
  },
];

const TARIFF_VERSIONS = [
  { version: 1, effectiveFrom: "2026-01-01", publishedAt: "2025-12-15T02:00:00.000Z" },
  { version: 2, effectiveFrom: "2027-01-01", publishedAt: "2026-11-16T02:00:00.000Z" },
] as const;

// ---------------------------------------------------------------------------
// Airports and flights

const AIRPORTS: readonly Row<AirportsTable>[] = [
  { code: "URC", name: "Urumqi Diwopu International Airport", city: "Urumqi", country: "CN", zone: "Asia/Shanghai" },
  { code: "YIW", name: "Yiwu Airport", city: "Yiwu", country: "CN", zone: "Asia/Shanghai" },
  {
    code: "HGH",
    name: "Hangzhou Xiaoshan International Airport",
    city: "Hangzhou",
    country: "CN",
    zone: "Asia/Shanghai",
  },
  { code: "ALA", name: "Almaty International Airport", city: "Almaty", country: "KZ", zone: "Asia/Almaty" },
  {
    code: "NQZ",
    name: "Nursultan Nazarbayev International Airport",
    city: "Astana",
    country: "KZ",
    zone: "Asia/Almaty",
  },
  { code: "FRU", name: "Manas International Airport", city: "Bishkek", country: "KG", zone: "Asia/Bishkek" },
  { code: "TAS", name: "Tashkent International Airport", city: "Tashkent", country: "UZ", zone: "Asia/Tashkent" },
  { code: "DYU", name: "Dushanbe International Airport", city: "Dushanbe", country: "TJ", zone: "Asia/Dushanbe" },
  { code: "TBS", name: "Tbilisi International Airport", city: "Tbilisi", country: "GE", zone: "Asia/Tbilisi" },
  { code: "AMM", name: "Queen Alia International Airport", city: "Amman", country: "JO", zone: "Asia/Amman" },
];

/** ISO weekdays, 1 = Monday … 7 = Sunday, in the origin's local calendar. */
const DAILY = [1, 2, 3, 4, 5, 6, 7] as const;

interface ScheduleDef {
  carrier: string;
  flightNumber: string;
  origin: string;
  destination: string;
  /** Origin-local wall-clock departure. */
  departs: string;
  blockMinutes: number;
  days: readonly number[];
  seats: number;
  /** Per passenger, minor units of fareCurrency. */
  fare: number;
  fareCurrency: string;
}

const SCHEDULES: readonly ScheduleDef[] = [
  // Almaty ⇄ Urumqi, twice a day each way.
  {
    carrier: "Air Astana",
    flightNumber: "KC871",
    origin: "ALA",
    destination: "URC",
    departs: "08:30",
    blockMinutes: 115,
    days: DAILY,
    seats: 150,
    fare: 9_500_000,
    fareCurrency: "KZT",
  },
  {
    carrier: "China Southern Airlines",
    flightNumber: "CZ6008",
    origin: "ALA",
    destination: "URC",
    departs: "15:40",
    blockMinutes: 120,
    days: DAILY,
    seats: 170,
    fare: 135_000,
    fareCurrency: "CNY",
  },
  {
    carrier: "Air Astana",
    flightNumber: "KC872",
    origin: "URC",
    destination: "ALA",
    departs: "14:50",
    blockMinutes: 125,
    days: DAILY,
    seats: 150,
    fare: 9_500_000,
    fareCurrency: "KZT",
  },
  // Leaves Urumqi just after midnight Beijing time and lands in Almaty before
  // midnight of the previous local date.
  {
    carrier: "China Southern Airlines",
    flightNumber: "CZ6007",
    origin: "URC",
    destination: "ALA",
    departs: "00:40",
    blockMinutes: 125,
    days: DAILY,
    seats: 170,
    fare: 135_000,
    fareCurrency: "CNY",
  },
  // Astana ⇄ Urumqi, daily.
  {
    carrier: "Air Astana",
    flightNumber: "KC879",
    origin: "NQZ",
    destination: "URC",
    departs: "10:15",
    blockMinutes: 140,
    days: DAILY,
    seats: 150,
    fare: 12_000_000,
    fareCurrency: "KZT",
  },
  {
    carrier: "Air Astana",
    flightNumber: "KC880",
    origin: "URC",
    destination: "NQZ",
    departs: "16:45",
    blockMinutes: 150,
    days: DAILY,
    seats: 150,
    fare: 12_000_000,
    fareCurrency: "KZT",
  },
  // Bishkek ⇄ Urumqi, daily.
  {
    carrier: "Air Manas",
    flightNumber: "ZM701",
    origin: "FRU",
    destination: "URC",
    departs: "09:00",
    blockMinutes: 110,
    days: DAILY,
    seats: 148,
    fare: 18_000,
    fareCurrency: "USD",
  },
  {
    carrier: "Air Manas",
    flightNumber: "ZM702",
    origin: "URC",
    destination: "FRU",
    departs: "13:50",
    blockMinutes: 115,
    days: DAILY,
    seats: 148,
    fare: 18_000,
    fareCurrency: "USD",
  },
  // Tashkent ⇄ Urumqi, 4 a week; the night flight lands the next local morning.
  {
    carrier: "Uzbekistan Airways",
    flightNumber: "HY759",
    origin: "TAS",
    destination: "URC",
    departs: "23:10",
    blockMinutes: 185,
    days: [1, 3, 5, 7],
    seats: 150,
    fare: 28_000,
    fareCurrency: "USD",
  },
  {
    carrier: "Uzbekistan Airways",
    flightNumber: "HY760",
    origin: "URC",
    destination: "TAS",
    departs: "07:15",
    blockMinutes: 200,
    days: [1, 2, 4, 6],
    seats: 150,
    fare: 28_000,
    fareCurrency: "USD",
  },
  // Dushanbe ⇄ Urumqi, 3 a week.
  {
    carrier: "Somon Air",
    flightNumber: "SZ141",
    origin: "DYU",
    destination: "URC",
    departs: "11:30",
    blockMinutes: 165,
    days: [2, 4, 6],
    seats: 144,
    fare: 30_000,
    fareCurrency: "USD",
  },
  {
    carrier: "Somon Air",
    flightNumber: "SZ142",
    origin: "URC",
    destination: "DYU",
    departs: "18:45",
    blockMinutes: 180,
    days: [2, 4, 6],
    seats: 144,
    fare: 30_000,
    fareCurrency: "USD",
  },
  // Tbilisi ⇄ Urumqi, 2 a week; overnight eastbound.
  {
    carrier: "Georgian Airways",
    flightNumber: "A9751",
    origin: "TBS",
    destination: "URC",
    departs: "23:30",
    blockMinutes: 330,
    days: [3, 6],
    seats: 120,
    fare: 45_000,
    fareCurrency: "USD",
  },
  {
    carrier: "Georgian Airways",
    flightNumber: "A9752",
    origin: "URC",
    destination: "TBS",
    departs: "11:00",
    blockMinutes: 365,
    days: [4, 7],
    seats: 120,
    fare: 45_000,
    fareCurrency: "USD",
  },
  // Amman ⇄ Hangzhou (for Yiwu), 3 a week; overnight eastbound.
  {
    carrier: "Royal Jordanian",
    flightNumber: "RJ190",
    origin: "AMM",
    destination: "HGH",
    departs: "22:45",
    blockMinutes: 540,
    days: [1, 3, 5],
    seats: 180,
    fare: 65_000,
    fareCurrency: "USD",
  },
  {
    carrier: "Royal Jordanian",
    flightNumber: "RJ191",
    origin: "HGH",
    destination: "AMM",
    departs: "14:30",
    blockMinutes: 600,
    days: [2, 4, 6],
    seats: 180,
    fare: 65_000,
    fareCurrency: "USD",
  },
  // Almaty ⇄ Hangzhou, 3 a week; overnight eastbound.
  {
    carrier: "Air Astana",
    flightNumber: "KC891",
    origin: "ALA",
    destination: "HGH",
    departs: "23:55",
    blockMinutes: 340,
    days: [2, 5, 7],
    seats: 160,
    fare: 18_000_000,
    fareCurrency: "KZT",
  },
  {
    carrier: "Air Astana",
    flightNumber: "KC892",
    origin: "HGH",
    destination: "ALA",
    departs: "10:05",
    blockMinutes: 370,
    days: [1, 3, 6],
    seats: 160,
    fare: 18_000_000,
    fareCurrency: "KZT",
  },
  // Urumqi ⇄ Hangzhou, daily domestic.
  {
    carrier: "China Southern Airlines",
    flightNumber: "CZ6901",
    origin: "URC",
    destination: "HGH",
    departs: "09:40",
    blockMinutes: 305,
    days: DAILY,
    seats: 170,
    fare: 198_000,
    fareCurrency: "CNY",
  },
  {
    carrier: "China Southern Airlines",
    flightNumber: "CZ6902",
    origin: "HGH",
    destination: "URC",
    departs: "16:20",
    blockMinutes: 340,
    days: DAILY,
    seats: 170,
    fare: 198_000,
    fareCurrency: "CNY",
  },
];

// ---------------------------------------------------------------------------
// Transfers

const VEHICLES = [
  { type: "sedan", wheelchair: 0, maxPassengers: 3, perHour: 4, priceFactor: 1 },
  { type: "minivan", wheelchair: 0, maxPassengers: 6, perHour: 2, priceFactor: 1.6 },
  { type: "wheelchair_van", wheelchair: 1, maxPassengers: 3, perHour: 1, priceFactor: 2 },
] as const;

/** Airport → hospital in the same city: minutes and the sedan price in CNY fen. */
const TRANSFER_ROUTES: readonly { airport: string; hospitalId: string; minutes: number; sedan: number }[] = [
  { airport: "URC", hospitalId: "hsp_xjph", minutes: 35, sedan: 15_000 },
  { airport: "URC", hospitalId: "hsp_xmu1", minutes: 25, sedan: 12_000 },
  { airport: "URC", hospitalId: "hsp_xmu2", minutes: 35, sedan: 15_000 },
  { airport: "URC", hospitalId: "hsp_xmu6", minutes: 40, sedan: 16_000 },
  { airport: "URC", hospitalId: "hsp_xtum", minutes: 40, sedan: 16_000 },
  { airport: "YIW", hospitalId: "hsp_zju4", minutes: 25, sedan: 10_000 },
  { airport: "HGH", hospitalId: "hsp_zju4", minutes: 90, sedan: 60_000 },
];

// ---------------------------------------------------------------------------
// Hotels

interface HotelDef {
  id: string;
  name: string;
  city: string;
  zone: string;
  address: string;
  stars: number;
  languages: string[];
  /** Only to derive plausible distances to the hospitals; not stored. */
  latitude: number;
  longitude: number;
  rooms: { key: string; name: string; maxGuests: number; accessible: 0 | 1; total: number; nightly: number }[];
}

const HOTELS: readonly HotelDef[] = [
  {
    id: "htl_urc_hoitak",
    name: "Hoi Tak Hotel Urumqi",
    city: "Urumqi",
    zone: "Asia/Urumqi",
    address: "1 Dongfeng Road, Tianshan District, Urumqi, Xinjiang",
    stars: 5,
    languages: ["zh", "en", "ru"],
    latitude: 43.8085,
    longitude: 87.618,
    rooms: [
      { key: "std", name: "Standard double", maxGuests: 2, accessible: 0, total: 20, nightly: 58_000 },
      { key: "family", name: "Family room", maxGuests: 4, accessible: 0, total: 6, nightly: 88_000 },
      { key: "acc", name: "Accessible double", maxGuests: 2, accessible: 1, total: 3, nightly: 58_000 },
    ],
  },
  {
    id: "htl_urc_sheraton",
    name: "Sheraton Urumqi Hotel",
    city: "Urumqi",
    zone: "Asia/Urumqi",
    address: "669 Youhao North Road, Shayibake District, Urumqi, Xinjiang",
    stars: 5,
    languages: ["zh", "en", "ru"],
    latitude: 43.839,
    longitude: 87.579,
    rooms: [
      { key: "std", name: "Standard double", maxGuests: 2, accessible: 0, total: 25, nightly: 52_000 },
      { key: "family", name: "Family room", maxGuests: 4, accessible: 0, total: 5, nightly: 80_000 },
    ],
  },
  {
    id: "htl_urc_yindu",
    name: "Yindu Hotel Urumqi",
    city: "Urumqi",
    zone: "Asia/Urumqi",
    address: "39 Xibei Road, Shayibake District, Urumqi, Xinjiang",
    stars: 4,
    languages: ["zh", "ru", "kk", "ug"],
    latitude: 43.803,
    longitude: 87.6,
    rooms: [
      { key: "std", name: "Standard double", maxGuests: 2, accessible: 0, total: 30, nightly: 38_000 },
      { key: "family", name: "Family room", maxGuests: 4, accessible: 0, total: 8, nightly: 62_000 },
      { key: "acc", name: "Accessible double", maxGuests: 2, accessible: 1, total: 4, nightly: 38_000 },
    ],
  },
  {
    id: "htl_urc_jinjiang",
    name: "Jinjiang Inn Urumqi Nanhu Square",
    city: "Urumqi",
    zone: "Asia/Urumqi",
    address: "Nanhu North Road, Shuimogou District, Urumqi, Xinjiang",
    stars: 3,
    languages: ["zh", "ru"],
    latitude: 43.822,
    longitude: 87.633,
    rooms: [
      { key: "std", name: "Standard double", maxGuests: 2, accessible: 0, total: 30, nightly: 22_000 },
      { key: "family", name: "Family room", maxGuests: 4, accessible: 0, total: 3, nightly: 32_000 },
    ],
  },
  {
    id: "htl_yiw_marriott",
    name: "Yiwu Marriott Hotel",
    city: "Yiwu",
    zone: "Asia/Shanghai",
    address: "Binwang Road, Yiwu, Zhejiang",
    stars: 5,
    languages: ["zh", "en", "ar", "ru"],
    latitude: 29.318,
    longitude: 120.082,
    rooms: [
      { key: "std", name: "Standard double", maxGuests: 2, accessible: 0, total: 24, nightly: 60_000 },
      { key: "family", name: "Family room", maxGuests: 4, accessible: 0, total: 6, nightly: 95_000 },
      { key: "acc", name: "Accessible double", maxGuests: 2, accessible: 1, total: 3, nightly: 60_000 },
    ],
  },
  {
    id: "htl_yiw_hiexpress",
    name: "Holiday Inn Express Yiwu Trade City",
    city: "Yiwu",
    zone: "Asia/Shanghai",
    address: "Chouzhou North Road, Yiwu, Zhejiang",
    stars: 3,
    languages: ["zh", "en", "ar"],
    latitude: 29.339,
    longitude: 120.109,
    rooms: [
      { key: "std", name: "Standard double", maxGuests: 2, accessible: 0, total: 25, nightly: 32_000 },
      { key: "family", name: "Family room", maxGuests: 4, accessible: 0, total: 4, nightly: 45_000 },
    ],
  },
];

// ---------------------------------------------------------------------------
// Tours

interface TourDef {
  key: string;
  city: string;
  zone: string;
  title: string;
  description: string;
  languages: string[];
  intensity: "low" | "moderate" | "high";
  durationMinutes: number;
  wheelchair: 0 | 1;
  /** CNY fen per participant. */
  price: number;
  capacity: number;
}

const LANGUAGE_NAMES: Record<string, string> = {
  ru: "Russian",
  kk: "Kazakh",
  en: "English",
  zh: "Chinese",
  ar: "Arabic",
};

const TOURS: readonly TourDef[] = [
  {
    key: "urc_bazaar",
    city: "Urumqi",
    zone: "Asia/Urumqi",
    title: "International Grand Bazaar walk",
    description:
      "An easy walk through the Grand Bazaar: dried fruit, spices, carpets and a tea stop. Flat streets, many rests.",
    languages: ["ru", "kk", "zh"],
    intensity: "low",
    durationMinutes: 120,
    wheelchair: 0,
    price: 12_000,
    capacity: 15,
  },
  {
    key: "urc_museum",
    city: "Urumqi",
    zone: "Asia/Urumqi",
    title: "Xinjiang Regional Museum",
    description: "Guided visit of the Silk Road galleries. Lifts and ramps throughout; wheelchairs on loan.",
    languages: ["ru", "en"],
    intensity: "low",
    durationMinutes: 150,
    wheelchair: 1,
    price: 15_000,
    capacity: 20,
  },
  {
    key: "urc_redhill",
    city: "Urumqi",
    zone: "Asia/Urumqi",
    title: "Red Hill Park",
    description: "Climb to the pagoda on Red Hill for the view over Urumqi. Stairs and slopes.",
    languages: ["ru"],
    intensity: "moderate",
    durationMinutes: 120,
    wheelchair: 0,
    price: 10_000,
    capacity: 12,
  },
  {
    key: "urc_tianchi",
    city: "Urumqi",
    zone: "Asia/Urumqi",
    title: "Tianchi Heavenly Lake day trip",
    description:
      "Full day in the Tian Shan: mountain road, altitude near 2,000 m, lakeside walks. Not for the first weeks after surgery.",
    languages: ["ru", "kk"],
    intensity: "high",
    durationMinutes: 600,
    wheelchair: 0,
    price: 48_000,
    capacity: 12,
  },
  {
    key: "urc_nanshan",
    city: "Urumqi",
    zone: "Asia/Urumqi",
    title: "Nanshan pastures",
    description: "Half-day drive to the Nanshan grasslands, yurt lunch and a gentle walk.",
    languages: ["ru", "zh"],
    intensity: "moderate",
    durationMinutes: 420,
    wheelchair: 0,
    price: 38_000,
    capacity: 8,
  },
  {
    key: "yiw_market",
    city: "Yiwu",
    zone: "Asia/Shanghai",
    title: "International Trade City market tour",
    description: "Guided tour of Yiwu International Trade City districts. Indoor, lifts between floors.",
    languages: ["ar", "en", "ru"],
    intensity: "low",
    durationMinutes: 180,
    wheelchair: 1,
    price: 10_000,
    capacity: 15,
  },
  {
    key: "yiw_westlake",
    city: "Yiwu",
    zone: "Asia/Shanghai",
    title: "Hangzhou West Lake day trip",
    description: "High-speed train to Hangzhou, boat on West Lake and a walk along the Su Causeway.",
    languages: ["ar", "en"],
    intensity: "moderate",
    durationMinutes: 600,
    wheelchair: 0,
    price: 45_000,
    capacity: 10,
  },
];

/** Tours this long or shorter also run in the afternoon. */
const SHORT_TOUR_MINUTES = 180;

// ---------------------------------------------------------------------------
// Builders (pure)

const compact = (date: string) => date.replaceAll("-", "");
const hhmm = (time: string) => time.replace(":", "");
const addMinutes = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "_");

function dateRange(from: string, days: number): string[] {
  const out: string[] = [];
  for (let i = 0; i <= days; i++) out.push(addDays(from, i));
  return out;
}

/** Straight-line distance in metres. */
function haversine(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(a));
}

function hospitalById(id: string): HospitalDef {
  const h = HOSPITALS.find((x) => x.id === id);
  if (!h) throw new Error(`demo seed: unknown hospital ${id}`);
  return h;
}

function zoneOfAirport(code: string): string {
  const a = AIRPORTS.find((x) => x.code === code);
  if (!a) throw new Error(`demo seed: unknown airport ${code}`);
  return a.zone;
}

export interface DemoCatalogRows {
  hospitals: Row<HospitalsTable>[];
  departments: Row<DepartmentsTable>[];
  tariffVersions: Row<TariffVersionsTable>[];
  tariffItems: Row<TariffItemsTable>[];
  airports: Row<AirportsTable>[];
  flights: Row<FlightsTable>[];
  transferProducts: Row<TransferProductsTable>[];
  hotels: Row<HotelsTable>[];
  hotelDistances: Row<HotelDistancesTable>[];
  roomTypes: Row<RoomTypesTable>[];
  tours: Row<ToursTable>[];
  tourDepartures: Row<TourDeparturesTable>[];
  consultationSlots: Row<ConsultationSlotsTable>[];
}

/** Every catalog and inventory row, derived from `now` only (deterministic). */
export function buildDemoCatalog(now: Date): DemoCatalogRows {
  const nowIso = now.toISOString();
  const today = nowIso.slice(0, 10);

  const hospitals: Row<HospitalsTable>[] = HOSPITALS.map((h) => ({
    id: h.id,
    name: h.name,
    name_local: h.nameLocal,
    city: h.city,
    country: "CN",
    zone: h.zone,
    currency: "CNY",
    languages: JSON.stringify(h.languages),
    international_beds: h.internationalBeds,
    address: h.address,
    latitude: h.latitude,
    longitude: h.longitude,
    created_at: nowIso,
  }));

  const departments: Row<DepartmentsTable>[] = HOSPITALS.flatMap((h) =>
    h.departments.map((d) => ({
      id: `dep_${h.key}_${d.code}`,
      hospital_id: h.id,
      code: d.code,
      name: d.name,
      languages: JSON.stringify(d.languages ?? h.languages),
      serves_foreign_patients: d.servesForeignPatients === true ? 1 : 0,
    })),
  );

  const tariffVersions: Row<TariffVersionsTable>[] = [];
  const tariffItems: Row<TariffItemsTable>[] = [];
  for (const t of TARIFFS) {
    const h = hospitalById(t.hospitalId);
    for (const v of TARIFF_VERSIONS) {
      if (v.version === 2 && !t.version2) continue;
      const versionId = `tfv_${h.key}_${v.version}`;
      tariffVersions.push({
        id: versionId,
        hospital_id: h.id,
        version: v.version,
        effective_from: v.effectiveFrom,
        currency: "CNY",
        published_at: v.publishedAt,
        published_by: null,
        note: DEMO_NOTE,
        // The demo's premium classes (premium ward, VIP line) are bought by domestic patients at these prices.
        premium_classes: JSON.stringify([
          ...(t.items.some((p) => p.premium !== undefined) ? ["premium_ward"] : []),
          ...(t.vipLine ? [t.vipLine.serviceClass] : []),
        ]),
      });
      const item = (p: PriceDef, department: string, serviceClass: string, price: number, suffix?: string) => {
        const def = ITEMS[p.code];
        if (!def) throw new Error(`demo seed: unknown tariff code ${p.code}`);
        const name = suffix ? { en: `${def.name.en} (${suffix})`, ru: def.name.ru, zh: def.name.zh } : def.name;
        tariffItems.push({
          id: `tfi_${h.key}_${v.version}_${slug(p.code)}_${serviceClass}`,
          tariff_version_id: versionId,
          code: p.code,
          name: JSON.stringify(name),
          department_code: department,
          service_class: serviceClass,
          kind: def.kind,
          unit: def.unit,
          unit_price: price,
          description: def.description ?? null,
        });
      };
      for (const p of t.items) {
        const standard = v.version === 2 ? (p.v2 ?? p.price) : p.price;
        item(p, p.department, "standard", standard);
        if (p.premium !== undefined) {
          const premium = v.version === 2 ? (p.v2Premium ?? p.premium) : p.premium;
          item(p, p.department, "premium_ward", premium, "premium ward, single room");
        }
      }
      if (t.vipLine) {
        for (const code of t.vipLine.codes) {
          const p = t.items.find((x) => x.code === code);
          if (!p) throw new Error(`demo seed: VIP line code ${code} missing at ${h.id}`);
          // Parity: the VIP line charges exactly the standard domestic price.
          const standard = v.version === 2 ? (p.v2 ?? p.price) : p.price;
          item(p, t.vipLine.department, t.vipLine.serviceClass, standard, "International Medical Center");
        }
      }
    }
  }

  const airports = AIRPORTS.map((a) => ({ ...a }));

  const flights: Row<FlightsTable>[] = [];
  const dates = dateRange(today, HORIZON_DAYS);
  for (const s of SCHEDULES) {
    const zone = zoneOfAirport(s.origin);
    zoneOfAirport(s.destination);
    for (const date of dates) {
      if (!s.days.includes(isoWeekday(date))) continue;
      const departsAt = localToUtc(date, s.departs, zone);
      flights.push({
        id: `flt_${s.flightNumber.toLowerCase()}_${compact(date)}`,
        carrier: s.carrier,
        flight_number: s.flightNumber,
        origin: s.origin,
        destination: s.destination,
        departs_at: departsAt,
        arrives_at: addMinutes(departsAt, s.blockMinutes),
        origin_local_date: date,
        cabin: "economy",
        seats_total: s.seats,
        seats_left: s.seats,
        fare_amount: s.fare,
        fare_currency: s.fareCurrency,
      });
    }
  }

  const transferProducts: Row<TransferProductsTable>[] = TRANSFER_ROUTES.flatMap((r) => {
    const h = hospitalById(r.hospitalId);
    return VEHICLES.map((v) => ({
      id: `trp_${r.airport.toLowerCase()}_${h.key}_${v.type}`,
      airport_code: r.airport,
      hospital_id: h.id,
      vehicle_type: v.type,
      wheelchair_accessible: v.wheelchair,
      max_passengers: v.maxPassengers,
      vehicles_per_hour: v.perHour,
      // The wheelchair van loads slowly; everything else keeps the route time.
      duration_minutes: v.type === "wheelchair_van" ? r.minutes + 10 : r.minutes,
      price_amount: Math.round((r.sedan * v.priceFactor) / 100) * 100,
      price_currency: "CNY",
    }));
  });

  const hotels: Row<HotelsTable>[] = HOTELS.map((h) => ({
    id: h.id,
    name: h.name,
    city: h.city,
    zone: h.zone,
    address: h.address,
    stars: h.stars,
    languages: JSON.stringify(h.languages),
    check_in_time: "14:00",
    check_out_time: "12:00",
  }));

  const hotelDistances: Row<HotelDistancesTable>[] = HOTELS.flatMap((ht) =>
    HOSPITALS.filter((hs) => hs.city === ht.city).map((hs) => {
      // Road distance ≈ 1.2 × straight line, to the nearest 10 m, within 300–9000 m.
      const road = haversine(ht.latitude, ht.longitude, hs.latitude, hs.longitude) * 1.2;
      return {
        hotel_id: ht.id,
        hospital_id: hs.id,
        distance_m: Math.min(9000, Math.max(300, Math.round(road / 10) * 10)),
      };
    }),
  );

  const roomTypes: Row<RoomTypesTable>[] = HOTELS.flatMap((h) =>
    h.rooms.map((r) => ({
      id: `rmt_${h.id.slice(4)}_${r.key}`,
      hotel_id: h.id,
      name: r.name,
      max_guests: r.maxGuests,
      accessible: r.accessible,
      rooms_total: r.total,
      nightly_amount: r.nightly,
      nightly_currency: "CNY",
    })),
  );

  const tours: Row<ToursTable>[] = [];
  const tourDepartures: Row<TourDeparturesTable>[] = [];
  for (const t of TOURS) {
    const times = t.durationMinutes <= SHORT_TOUR_MINUTES ? ["10:00", "15:00"] : ["10:00"];
    for (const lang of t.languages) {
      const tourId = `tur_${t.key}_${lang}`;
      tours.push({
        id: tourId,
        city: t.city,
        zone: t.zone,
        title: t.title,
        description: `${t.description} Guided in ${LANGUAGE_NAMES[lang] ?? lang}. Demo data.`,
        language: lang,
        intensity: t.intensity,
        duration_minutes: t.durationMinutes,
        wheelchair_accessible: t.wheelchair,
        price_amount: t.price,
        price_currency: "CNY",
      });
      for (const date of dates) {
        for (const time of times) {
          tourDepartures.push({
            id: `tod_${t.key}_${lang}_${compact(date)}_${hhmm(time)}`,
            tour_id: tourId,
            starts_at: localToUtc(date, time, t.zone),
            local_date: date,
            capacity: t.capacity,
            reserved: 0,
          });
        }
      }
    }
  }

  const consultationSlots: Row<ConsultationSlotsTable>[] = [];
  const slotTimes = [
    { time: "10:00", mode: "video" },
    { time: "11:00", mode: "video" },
    { time: "15:00", mode: "in_person" },
    { time: "16:00", mode: "in_person" },
  ] as const;
  for (const h of HOSPITALS) {
    const localToday = localDate(now, h.zone);
    for (const d of h.departments) {
      if (!d.consults) continue;
      for (let i = 1; i <= SLOT_DAYS; i++) {
        const date = addDays(localToday, i);
        if (isoWeekday(date) > 5) continue;
        for (const s of slotTimes) {
          consultationSlots.push({
            id: `slt_${h.key}_${d.code}_${compact(date)}_${hhmm(s.time)}`,
            hospital_id: h.id,
            department_code: d.code,
            mode: s.mode,
            starts_at: localToUtc(date, s.time, h.zone),
            duration_minutes: 30,
            capacity: 1,
            reserved: 0,
          });
        }
      }
    }
  }

  return {
    hospitals,
    departments,
    tariffVersions,
    tariffItems,
    airports,
    flights,
    transferProducts,
    hotels,
    hotelDistances,
    roomTypes,
    tours,
    tourDepartures,
    consultationSlots,
  };
}

// ---------------------------------------------------------------------------
// Writing

async function insertChunked<T extends TableName>(
  trx: Transaction<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    // Kysely cannot relate a generic table name to its row type; the signature does.
    await trx
      .insertInto(table)
      .values(chunk as never)
      .execute();
  }
}

/** Demo FX rates, CNY → patient currencies: illustrative mid-market values, not live rates. */
export const DEMO_FX_RATES: readonly { quote: string; rate: string }[] = [
  { quote: "KZT", rate: "70.85" },
  { quote: "KGS", rate: "12.05" },
  { quote: "UZS", rate: "1745.3" },
  { quote: "TJS", rate: "1.302" },
  { quote: "GEL", rate: "0.3770" },
  { quote: "JOD", rate: "0.0984" },
  { quote: "USD", rate: "0.1388" },
  { quote: "EUR", rate: "0.1320" },
  { quote: "RUB", rate: "11.02" },
  { quote: "AED", rate: "0.5098" },
  { quote: "YER", rate: "34.71" },
  { quote: "TRY", rate: "5.85" },
  { quote: "JPY", rate: "21.2" },
];
export const DEMO_FX_SOURCE = "Demo data: illustrative CNY mid-market rates";

/** FX rates are loaded when the table is empty, also into databases seeded before rates existed. */
async function ensureFxRates(trx: Transaction<Database>, now: Date): Promise<void> {
  const any = await trx.selectFrom("fx_rates").select("base").limit(1).executeTakeFirst();
  if (any) return;
  const asOf = now.toISOString().slice(0, 10);
  await insertChunked(
    trx,
    "fx_rates",
    DEMO_FX_RATES.map((r) => ({ base: "CNY", quote: r.quote, as_of: asOf, rate: r.rate, source: DEMO_FX_SOURCE })),
  );
}

async function isSeeded(db: Kysely<Database> | Transaction<Database>): Promise<boolean> {
  const row = await db.selectFrom("app_meta").select("key").where("key", "=", DEMO_SEED_KEY).executeTakeFirst();
  return row !== undefined;
}

/**
 * Fills an empty, migrated database with the demo data, once. Returns
 * `{ seeded: false }` without writing anything when the `demo_seeded` marker
 * exists (also when a concurrent starter won the race on its primary key).
 */
export async function seedDemo(
  db: Kysely<Database>,
  opts: { now: Date; encrypt: (plain: string) => Promise<string> },
): Promise<{ seeded: boolean }> {
  const nowIso = opts.now.toISOString();
  try {
    return await db.transaction().execute(async (trx) => {
      if (await isSeeded(trx)) {
        await ensureFxRates(trx, opts.now);
        return { seeded: false };
      }
      // First write: the marker. Its primary key stops a second, concurrent seeder.
      await trx.insertInto("app_meta").values({ key: DEMO_SEED_KEY, value: nowIso }).execute();

      const c = buildDemoCatalog(opts.now);

      const agencies: Row<AgenciesTable>[] = DEMO_AGENCIES.map((a) => ({
        id: a.id,
        name: a.name,
        country: a.country,
        fee_percent_bp: a.feePercentBp,
        fee_flat_amount: a.feeFlatAmount,
        fee_currency: a.feeCurrency,
        created_at: nowIso,
      }));
      const users: Row<UsersTable>[] = DEMO_USERS.map((u) => ({
        id: u.id,
        role: u.role,
        display_name: u.displayName,
        email: u.email,
        language: u.language,
        // users_scope_ck: only agents carry an agency, only hospital staff a hospital.
        agency_id: u.role === "agent" ? u.agencyId : null,
        hospital_id: u.role === "clinician" || u.role === "billing" ? u.hospitalId : null,
        created_at: nowIso,
      }));
      const apiTokens: Row<ApiTokensTable>[] = [];
      for (const u of DEMO_USERS) {
        apiTokens.push({
          id: `tok_demo_${u.key}`,
          user_id: u.id,
          token_hash: await hashToken(u.token),
          label: "demo",
          created_at: nowIso,
          revoked_at: null,
        });
      }
      const patients: Row<PatientsTable>[] = [];
      for (const p of DEMO_PATIENTS) {
        patients.push({
          id: p.id,
          user_id: p.userId,
          agency_id: p.agencyId,
          full_name: p.fullName,
          email: p.email,
          phone: p.phone,
          nationality: p.nationality,
          home_city: p.homeCity,
          language: p.language,
          languages: JSON.stringify(p.languages),
          currency: p.currency,
          zone: p.zone,
          passport_number_enc: await opts.encrypt(p.passportNumber),
          birth_date_enc: await opts.encrypt(p.birthDate),
          created_at: nowIso,
        });
      }

      await insertChunked(trx, "agencies", agencies);
      await insertChunked(trx, "hospitals", c.hospitals);
      await insertChunked(trx, "departments", c.departments);
      await insertChunked(trx, "users", users);
      await insertChunked(trx, "api_tokens", apiTokens);
      await insertChunked(trx, "patients", patients);
      await insertChunked(trx, "tariff_versions", c.tariffVersions);
      await insertChunked(trx, "tariff_items", c.tariffItems);
      await insertChunked(trx, "airports", c.airports);
      await insertChunked(trx, "flights", c.flights);
      await insertChunked(trx, "transfer_products", c.transferProducts);
      await insertChunked(trx, "hotels", c.hotels);
      await insertChunked(trx, "hotel_distances", c.hotelDistances);
      await insertChunked(trx, "room_types", c.roomTypes);
      await insertChunked(trx, "tours", c.tours);
      await insertChunked(trx, "tour_departures", c.tourDepartures);
      await insertChunked(trx, "consultation_slots", c.consultationSlots);
      await ensureFxRates(trx, opts.now);
      return { seeded: true };
    });
  } catch (err) {
    // Lost the race on the marker's primary key: someone else seeded.
    if (await isSeeded(db).catch(() => false)) return { seeded: false };
    throw err;
  }
}
