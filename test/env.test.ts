import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "../src/env";

describe("configuration", () => {
  it("has defaults for the embedded default", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATA_DIR).toBe("data");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.HOLD_MINUTES).toBe(20);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: " " }).DATABASE_URL).toBeUndefined();
  });

  it("names every bad variable at once", () => {
    let caught: unknown;
    try {
      parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", ENCRYPTION_KEY: "c2hvcnQ=" });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const msg = (caught as ConfigError).message;
    expect(msg).toMatch(/PORT/);
    expect(msg).toMatch(/DATABASE_URL: must be a postgres/);
    expect(msg).toMatch(/ENCRYPTION_KEY: must be 32 bytes/);
  });

  it("accepts a real configuration", () => {
    const key = btoa(String.fromCharCode(...new Array(32).fill(7)));
    const env = parseEnv({ PORT: "8080", DATABASE_URL: "postgres://u@h:5432/db", ENCRYPTION_KEY: key });
    expect(env.PORT).toBe(8080);
    expect(env.ENCRYPTION_KEY).toBe(key);
  });
});
