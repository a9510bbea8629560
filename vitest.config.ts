import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Builds dist/entry/node.mjs once, as `npm start` does, for the tests that start the server.
    globalSetup: ["test/helpers/build-entry.ts"],
    reporters: process.env.CI ? ["verbose"] : ["default"],
  },
});
