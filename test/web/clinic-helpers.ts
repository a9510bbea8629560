import type { TestApp } from "../helpers/test-app";
import { T } from "../helpers/tokens";
import { openForm, signIn } from "./helpers";

/** A browser signed in as any user id (or a visitor), its posted forms carrying the page's CSRF token. */
export async function browserAs(t: TestApp, userId: string | null, lang?: "en" | "ru" | "zh" | "kk") {
  const signedIn = userId ? await signIn(t, userId) : "";
  const opened = await openForm(t, "/verify", signedIn);
  const cookie = lang ? `${opened.cookie}; caravan_lang=${lang}` : opened.cookie;
  return {
    cookie,
    token: opened.token,
    request(path: string, init: RequestInit = {}) {
      const headers = new Headers(init.headers);
      headers.set("cookie", cookie);
      const body =
        typeof init.body === "string" && init.method === "POST" ? `_csrf=${opened.token}&${init.body}` : init.body;
      return t.app.request(path, { ...init, headers, body });
    },
  };
}

/** A clinician of another hospital (the demo data has one clinician), created by the admin through the API. */
export async function otherClinician(t: TestApp, hospitalId: string): Promise<string> {
  const res = await t.call("POST", "/v1/users", {
    token: T.admin,
    body: { role: "clinician", displayName: "Dr Other", email: `dr.${hospitalId}@example.cn`, hospitalId },
  });
  if (res.status !== 201) throw new Error(`creating a clinician: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { user: { id: string } }).user.id;
}

/** A consultation a patient asks for through the API (one record's metadata, one preferred time). */
export async function askedConsultation(t: TestApp, token: string, hospitalId: string, department: string) {
  const res = await t.call("POST", "/v1/consultations", {
    token,
    body: {
      hospitalId,
      department,
      mode: "video",
      complaint: "Chest pain on exertion <b>for six months</b>",
      language: "ru",
      preferredTimes: [{ from: "2026-11-24T04:00:00Z", to: "2026-11-24T08:00:00Z" }],
      records: [
        {
          name: "angiography.pdf",
          kind: "imaging",
          mediaType: "application/pdf",
          sizeBytes: 2_400_000,
          takenOn: "2026-11-20",
        },
      ],
    },
  });
  if (res.status !== 201) throw new Error(`requesting a consultation: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}
