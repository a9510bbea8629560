import type { Hono } from "hono";
import { addMeSection } from "../account/me";
import type { WebEnv } from "../env";
import { agentHistoryPage } from "./history";
import { editorPage } from "./editor";
import { createPatientAction, newPatientPage, patientFilePage, patientsPage } from "./patients";
import { applyAction, bankTransferAction, previewAction } from "./preview";
import { queuePage } from "./queue";

/**
 * The agent's console (agents; admins see every agency): the queue, the agency's patients, the trip
 * editor whose every change is previewed first, and the history. Change offers (POST
 * /agent/trips/{id}/offers) are registered by the offers pages.
 */
export function registerAgentPages(web: Hono<WebEnv>) {
  web.get("/agent", queuePage);
  web.get("/agent/patients", patientsPage);
  web.get("/agent/patients/new", newPatientPage);
  web.post("/agent/patients/new", createPatientAction);
  web.get("/agent/patients/:id", patientFilePage);
  web.get("/agent/trips/:id", (c) => editorPage(c));
  web.get("/agent/trips/:id/changes/preview", previewAction);
  web.post("/agent/trips/:id/changes/preview", previewAction);
  web.post("/agent/trips/:id/changes", applyAction);
  web.post("/agent/trips/:id/bank-transfers", bankTransferAction);
  web.get("/agent/trips/:id/history", agentHistoryPage);
  // The agent's home points to the console.
  addMeSection("agent", (c) => {
    const role = c.var.actor?.role;
    if (role !== "agent" && role !== "admin") return null;
    const { t } = c.var.web;
    return (
      <section aria-labelledby="me-agent">
        <h2 id="me-agent">{t("agent.me.title")}</h2>
        <p>{t("agent.me.lead")}</p>
        <p>
          <a href="/agent">{t("agent.me.link")}</a>
        </p>
      </section>
    );
  });
}
