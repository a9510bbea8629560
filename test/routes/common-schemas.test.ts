import fc from "fast-check";
import { DateTime } from "luxon";
import { expect, it } from "vitest";
import { IsoDate } from "../../src/routes/common-schemas";
it("IsoDate accepts exactly the calendar dates luxon accepts", () => {
  fc.assert(fc.property(fc.integer({min:0,max:9999}), fc.integer({min:0,max:13}), fc.integer({min:0,max:32}), (y,m,d) => {
    const s = `${String(y).padStart(4,"0")}-${String(m).padStart(2,"0")}-${String(d).padStart(2,"0")}`;
    expect(IsoDate.safeParse(s).success).toBe(DateTime.fromISO(s).isValid);
  }), { numRuns: 20000 });
});
