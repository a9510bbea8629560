import type { Place, TimelineInput } from "../../../src/domain/timeline/index";

export const ALA: Place = { code: "ALA", city: "Almaty", country: "KZ", zone: "Asia/Almaty" };
/** Urumqi's airport keeps Beijing time; the hotels in town keep Xinjiang time. */
export const URC: Place = { code: "URC", city: "Urumqi", country: "CN", zone: "Asia/Shanghai" };
export const HGH: Place = { code: "HGH", city: "Hangzhou", country: "CN", zone: "Asia/Shanghai" };
export const BER: Place = { code: "BER", city: "Berlin", country: "DE", zone: "Europe/Berlin" };

export const PATIENT = "trv_patient";
export const COMPANION = "trv_companion";
export const BOTH = [PATIENT, COMPANION];

/** The demo journey's flights: out on KC871, home on KC872. */
function demoFlights(): TimelineInput["flights"] {
  return [
    // 08:30 Almaty (+05) → 13:25 Beijing.
    {
      componentId: "cmp_fl_out",
      flightNumber: "KC871",
      departsAt: "2026-11-19T03:30:00Z",
      arrivesAt: "2026-11-19T05:25:00Z",
      origin: ALA,
      destination: URC,
      travelerIds: [...BOTH],
    },
    // 14:50 Beijing → 13:55 Almaty.
    {
      componentId: "cmp_fl_back",
      flightNumber: "KC872",
      departsAt: "2026-12-09T06:50:00Z",
      arrivesAt: "2026-12-09T08:55:00Z",
      origin: URC,
      destination: ALA,
      travelerIds: [...BOTH],
    },
  ];
}

/** The airport transfers, each timed against its flight. */
function demoTransfers(): TimelineInput["transfers"] {
  return [
    // 14:15 Beijing, 50 min after landing.
    {
      componentId: "cmp_pickup",
      airport: URC,
      pickupAt: "2026-11-19T06:15:00Z",
      durationMinutes: 35,
      direction: "arrival",
      travelerIds: [...BOTH],
    },
    // 10:00 Urumqi time (12:00 Beijing), at the airport 12:45 Beijing, 2 h 05 before KC872.
    {
      componentId: "cmp_dropoff",
      airport: URC,
      pickupAt: "2026-12-09T04:00:00Z",
      durationMinutes: 45,
      direction: "departure",
      travelerIds: [...BOTH],
    },
  ];
}

/** The hotel before admission, the companion's room during the stay, and the hotel after discharge. */
function demoLodging(): TimelineInput["lodging"] {
  return [
    {
      componentId: "cmp_hotel_pre",
      hotelName: "Hoi Tak Hotel Urumqi",
      zone: "Asia/Urumqi",
      city: "Urumqi",
      checkIn: "2026-11-19",
      checkOut: "2026-11-21",
      checkInTime: "14:00",
      checkOutTime: "12:00",
      travelerIds: [...BOTH],
    },
    {
      componentId: "cmp_hotel_companion",
      hotelName: "Hoi Tak Hotel Urumqi",
      zone: "Asia/Urumqi",
      city: "Urumqi",
      checkIn: "2026-11-21",
      checkOut: "2026-12-01",
      checkInTime: "14:00",
      checkOutTime: "12:00",
      travelerIds: [COMPANION],
    },
    {
      componentId: "cmp_hotel_post",
      hotelName: "Hoi Tak Hotel Urumqi",
      zone: "Asia/Urumqi",
      city: "Urumqi",
      checkIn: "2026-12-01",
      checkOut: "2026-12-09",
      checkInTime: "14:00",
      checkOutTime: "10:00",
      travelerIds: [...BOTH],
    },
  ];
}

/** A gentle bazaar walk once the walking restriction is over. */
function demoTours(): TimelineInput["tours"] {
  return [
    // 10:00–13:00 Urumqi time on 2026-12-06.
    {
      componentId: "cmp_tour",
      title: "Grand Bazaar and Xinjiang Museum, gentle pace",
      startsAt: "2026-12-06T04:00:00Z",
      endsAt: "2026-12-06T07:00:00Z",
      zone: "Asia/Urumqi",
      city: "Urumqi",
      language: "ru",
      intensity: "low",
      travelerIds: [...BOTH],
    },
  ];
}

/**
 * The demo journey (demo data): a patient from Almaty and her husband fly ALA→URC on
 * KC871, are met at the airport, stay at the Hoi Tak (Asia/Urumqi) two nights before a
 * heart bypass with 10 inpatient nights at Xinjiang People's Hospital (Asia/Shanghai) —
 * he keeps a room throughout — recover in the hotel, join a gentle bazaar walk once the
 * walking restriction is over, and fly home on KC872 seven days after discharge.
 *
 * Hospital-local (Beijing): admission 2026-11-21 08:00 = 00:00Z, discharge 2026-12-01
 * 10:00 = 02:00Z, fit to fly from 2026-12-08; walking tours restricted to the end of
 * 2026-12-04 Beijing time (16:00Z).
 */
export function demoJourney(): TimelineInput {
  return {
    hospital: {
      id: "hsp_xjph",
      name: "People's Hospital of Xinjiang Uygur Autonomous Region",
      city: "Urumqi",
      country: "CN",
      zone: "Asia/Shanghai",
    },
    travelers: [
      { id: PATIENT, name: "Aigerim Sadykova", role: "patient", languages: ["kk", "ru"], needsLodging: true },
      { id: COMPANION, name: "Nurlan Sadykov", role: "companion", languages: ["kk", "ru", "en"], needsLodging: true },
    ],
    consultation: {
      componentId: "cmp_consult",
      startsAt: "2026-11-10T04:00:00Z",
      durationMinutes: 30,
      mode: "video",
      zone: "Asia/Shanghai",
    },
    treatment: {
      componentId: "cmp_treatment",
      admissionDate: "2026-11-21",
      inpatientNights: 10,
      fitToFlyDays: 7,
      activityRestrictions: [
        { activity: "strenuous", days: 42 },
        { activity: "walking_tours", days: 3 },
        { activity: "flying", days: 5 },
      ],
    },
    flights: demoFlights(),
    transfers: demoTransfers(),
    lodging: demoLodging(),
    tours: demoTours(),
  };
}

/** A component of the input by id, to change it in place. */
export function component<T extends { componentId: string }>(list: T[], id: string): T {
  const found = list.find((c) => c.componentId === id);
  if (!found) throw new Error(`no component ${id}`);
  return found;
}
