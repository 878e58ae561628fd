import { describe, expect, it } from "vitest";
import { printable, safeJson, UNSAFE_CHARACTERS } from "../../src/text/escape.js";

describe("printable", () => {
  it("escapes C0 and C1 controls, line separators and bidi controls, and nothing else", () => {
    expect(printable("a\nb\x1b[31mc\x9b")).toBe("a\\x0ab\\x1b[31mc\\x9b");
    expect(printable("exe.\u202etxt")).toBe("exe.\\u202etxt");
    expect(printable("one\u2028two\u2029three")).toBe("one\\u2028two\\u2029three");
    expect(printable("\u061c\u200e\u200f\u2066\u2069")).toBe("\\u61c\\u200e\\u200f\\u2066\\u2069");
    expect(printable("café 日本 👍 a b")).toBe("café 日本 👍 a b");
  });

  it("leaves no character of UNSAFE_CHARACTERS, for every code unit", () => {
    for (let code = 0; code <= 0xffff; code++) {
      const shown = printable(String.fromCharCode(code));
      expect(shown.match(UNSAFE_CHARACTERS), code.toString(16)).toBeNull();
    }
  });
});

describe("safeJson", () => {
  it("writes C1, line separators and bidi controls as \\u escapes that JSON.parse reads back", () => {
    const value = { name: "a\u0085b\u2028c\u202ed" };
    const json = safeJson(JSON.stringify(value));
    expect(json).toBe('{"name":"a\\u0085b\\u2028c\\u202ed"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});
