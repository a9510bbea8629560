import { describe, expect, it } from "vitest";
import { withBenchRoutes } from "../../src/entry/bench-routes";

describe("benchmark routes (BENCH_HELLO=1 only)", () => {
  const app = (req: Request) => new Response(`app ${new URL(req.url).pathname}`, { status: 404 });

  it("answers /__bench/hello and /__bench/sql in front of the app, and passes everything else through", async () => {
    const timing = { calls: 3, micros: 42 };
    const fetch = withBenchRoutes(app, timing);
    expect(await (await fetch(new Request("http://x/__bench/hello"))).text()).toBe("hello");
    expect(await (await fetch(new Request("http://x/__bench/sql"))).json()).toEqual(timing);
    const other = await fetch(new Request("http://x/v1/hospitals"));
    expect([other.status, await other.text()]).toEqual([404, "app /v1/hospitals"]);
  });

  it("serves null timing when the database is not timed", async () => {
    expect(await (await withBenchRoutes(app, undefined)(new Request("http://x/__bench/sql"))).json()).toBeNull();
  });
});
