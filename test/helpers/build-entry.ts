import { execFileSync } from "node:child_process";

/** Vitest global setup: `npm run build`, so server tests start exactly what `npm start` runs. */
export default function setup() {
  execFileSync("npm", ["run", "-s", "build"], { stdio: "inherit" });
}
