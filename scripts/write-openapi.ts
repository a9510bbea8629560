import { writeFileSync, mkdirSync } from "node:fs";
import { openApiJson } from "../src/openapi-document";

mkdirSync("openapi", { recursive: true });
writeFileSync("openapi/openapi.json", openApiJson());
console.log("wrote openapi/openapi.json");
