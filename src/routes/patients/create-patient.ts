import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, AppRouteHandler } from "../../http/context";
import { bearerSecurity } from "../../http/auth";
import {
  authErrorResponses,
  businessRuleResponse,
  conflictResponse,
  errorResponses,
  bodyErrorResponses,
} from "../../http/responses";
import { withholdFromReplay } from "../../http/idempotency";
import { json, jsonBody, serviceContext } from "../../http/route-helpers";
import { signUpPatient } from "../../services/access/patients";
import { SignUpResultSchema, SignUpSchema } from "./schemas";

export const createPatientRoute = createRoute({
  method: "post",
  path: "/v1/patients",
  operationId: "createPatient",
  tags: ["Patients"],
  summary: "Sign a patient up (or an agent creates one)",
  description:
    "Anyone may sign up without a token. An agent's token creates the patient inside the agent's agency; an admin " +
    "may too. The patient's bearer token is in the response, once: it is never stored, so a replay with the same " +
    "Idempotency-Key carries a fresh token and revokes the first.",
  security: [{}, ...bearerSecurity],
  request: {
    body: jsonBody(SignUpSchema, {
      fullName: "Dana Bekova",
      email: "dana@example.kz",
      phone: "+77011234567",
      nationality: "KZ",
      homeCity: "Almaty",
      language: "ru",
      currency: "KZT",
      passportNumber: "N12345678",
      birthDate: "1989-04-12",
      agencyId: "agc_silkroad",
    }),
  },
  responses: {
    201: json(SignUpResultSchema, "The patient and their token."),
    ...errorResponses,
    ...bodyErrorResponses,
    ...authErrorResponses,
    ...conflictResponse,
    ...businessRuleResponse,
  },
});

const handler: AppRouteHandler<typeof createPatientRoute> = async (c) => {
  const result = await signUpPatient({ ctx: serviceContext(c), input: c.req.valid("json") });
  // The token is a secret: never kept with the Idempotency-Key; a replay carries a fresh one.
  withholdFromReplay(c, "token", "patientSignUpToken");
  return c.json(result, 201);
};

export const registerCreatePatient = (app: OpenAPIHono<AppEnv>) => app.openapi(createPatientRoute, handler);
