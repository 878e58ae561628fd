import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clipCells, clipStartCells, count, modeString, padEnd, plural, shortCommand, shortCount, wrap } from "../../../src/tui/state/format.js";
import { clip, clipStart } from "../../../src/text/format.js";

describe("format", () => {
  it("removes created_by shell noise", () => {
    expect(shortCommand('/bin/sh -c #(nop)  CMD ["sh"]')).toBe('CMD ["sh"]');
    expect(shortCommand("/bin/sh -c apt-get update &&     apt-get install -y curl")).toBe("RUN apt-get update && apt-get install -y curl");
    expect(shortCommand("|1 VERSION=2 /bin/sh -c make")).toBe("RUN make");
    expect(shortCommand("RUN /bin/sh -c echo hi # buildkit")).toBe("RUN /bin/sh -c echo hi # buildkit");
  });

  it("writes modes like ls", () => {
    expect(modeString("dir", 0o755)).toBe("drwxr-xr-x");
    expect(modeString("file", 0o4755)).toBe("-rwsr-xr-x");
    expect(modeString("dir", 0o1777)).toBe("drwxrwxrwt");
    expect(modeString("file", 0o2644)).toBe("-rw-r-Sr--");
    expect(modeString("symlink", 0o777)).toBe("lrwxrwxrwx");
  });

  it("fits and wraps text", () => {
    expect(clip("abcdef", 4)).toBe("abc…");
    expect(clip("abc", 4)).toBe("abc");
    expect(wrap("RUN apt-get update && apt-get install", 12)).toEqual(["RUN apt-get", "update &&", "apt-get", "install"]);
    expect(wrap("x".repeat(25), 10)).toEqual(["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
    expect(shortCount(1234)).toBe("1.2k");
    expect(shortCount(999)).toBe("999");
  });

  it("fits the end of a path and pads by terminal columns, a CJK character taking two", () => {
    expect(clipStartCells("/opt/ünïcödé/日本語.txt", 12)).toBe("…/日本語.txt");
    expect(clipStartCells("/opt/日本語.txt", 15)).toBe("/opt/日本語.txt");
    expect(clipStartCells("/opt/日本語.txt", 14)).toBe("…pt/日本語.txt");
    expect(clipStartCells("/abc/def", 5)).toBe("…/def");
    expect(padEnd("日本", 6)).toBe("日本  ");
  });

  it("fits the start of a line in terminal columns, a CJK character taking two and a combining mark none", () => {
    expect(clipCells("日本語.txt", 6)).toBe("日本…");
    expect(clipCells("日本語.txt", 10)).toBe("日本語.txt");
    expect(clipCells("abcd", 3)).toBe("ab…");
    expect(clipCells("abc", 3)).toBe("abc");
    expect(clipCells("e\u0301e\u0301", 2)).toBe("e\u0301e\u0301");
    expect(clipCells("a\u001b[2Jb", 10)).toBe("a\\x1b[2Jb");
    expect(clipCells("abc", 0)).toBe("");
  });
});

describe("plural", () => {
  it('groups digits as toLocaleString("en-US") does', () => {
    for (const n of [0, 7, 999, 1000, 1234, 12_345, 999_999, 1_000_000, -1, -1234, -999_999, Number.MAX_SAFE_INTEGER, 1.5, 1234.5678, NaN, Infinity, 2 ** 60]) {
      expect(count(n)).toBe(n.toLocaleString("en-US"));
    }
    // (-0, which no count is, writes as 0)
    const numbers = fc.oneof(
      fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
      fc.double().filter((n) => !Object.is(n, -0)),
    );
    fc.assert(fc.property(numbers, (n) => count(n) === n.toLocaleString("en-US")));
  });

  it("counts with the right noun", () => {
    expect(plural(1, "file")).toBe("1 file");
    expect(plural(1234, "entry", "entries")).toBe("1,234 entries");
  });
});

describe("fitStart", () => {
  it("keeps the end of a long path", () => {
    expect(clipStart("/var/lib/apt/lists/main", 10)).toBe("…ists/main");
    expect(clipStart("/etc", 10)).toBe("/etc");
  });
});
