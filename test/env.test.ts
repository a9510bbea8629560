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

  it("rate limiting is on by default with sane budgets", () => {
    const env = parseEnv({});
    expect(env.RATE_LIMIT).toBe(true);
    expect([env.RATE_LIMIT_WINDOW_SECONDS, env.RATE_LIMIT_PER_IP, env.RATE_LIMIT_PER_TOKEN]).toEqual([60, 600, 300]);
    expect([env.RATE_LIMIT_AUTH_WINDOW_SECONDS, env.RATE_LIMIT_AUTH]).toEqual([900, 10]);
    expect(env.TRUST_PROXY).toBe(0);
    expect(env.REDIS_URL).toBeUndefined();
    expect(parseEnv({ RATE_LIMIT: "off" }).RATE_LIMIT).toBe(false);
  });

  it("names bad rate-limit settings", () => {
    let caught: unknown;
    try {
      parseEnv({
        RATE_LIMIT: "yes",
        RATE_LIMIT_PER_IP: "0",
        RATE_LIMIT_AUTH: "ten",
        TRUST_PROXY: "-1",
        REDIS_URL: "http://127.0.0.1:6379",
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.map((p) => p.split(":")[0]);
    expect(problems.sort()).toEqual(["RATE_LIMIT", "RATE_LIMIT_AUTH", "RATE_LIMIT_PER_IP", "REDIS_URL", "TRUST_PROXY"]);
  });
});
