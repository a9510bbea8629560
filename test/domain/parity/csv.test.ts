import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv } from "../../../src/domain/parity/csv";

/** parseCsv, now csv-parse underneath, keeps the hand-written parser's behaviour. */
describe("parseCsv", () => {
  it.each([
    [
      "CRLF",
      "a,b\r\n1,2\r\n",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    [
      "LF, no final break",
      "a,b\n1,2",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    ["CR", "a\rb\r", [["a"], ["b"]]],
    ["BOM dropped", "\ufeffcode\nX\n", [["code"], ["X"]]],
    ["quoted comma, doubled quote, line break", 'a,"b,c","say ""hi""","x\ny"\n', [["a", "b,c", 'say "hi"', "x\ny"]]],
    [
      "blank and empty-valued rows skipped",
      "a,b\n\n,\n1,2\n",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    ["rows of any length", "a,b,c\n1\n1,2,3,4\n", [["a", "b", "c"], ["1"], ["1", "2", "3", "4"]]],
    ["a stray quote in an unquoted field kept", 'a,b"c,d\n', [["a", 'b"c', "d"]]],
    ["spaces kept", " a , b \n", [[" a ", " b "]]],
  ])("%s", (_label, text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  it("a quote never closed is a syntax error with its line", () => {
    expect(() => parseCsv('a,b\n1,"x\n')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a,b\n1,"x\n');
    } catch (err) {
      expect((err as CsvSyntaxError).line).toBe(2);
    }
  });
});
