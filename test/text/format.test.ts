import { describe, expect, it } from "vitest";
import { bytes, clip, clipMiddle, clipPath, clipStart, counted, oneLine, percent, signedBytes } from "../../src/text/format.js";

describe("figures", () => {
  it("bytes in SI units, signed bytes with a minus sign and ±0", () => {
    expect(bytes(1_234_567)).toBe("1.23 MB");
    expect(signedBytes(1500)).toBe("+1.5 kB");
    expect(signedBytes(-1500)).toBe("−1.5 kB");
    expect(signedBytes(0)).toBe("±0 B");
  });

  it("percent with two decimals by default, n/a for a ratio of nothing", () => {
    expect(percent(0.98442)).toBe("98.44%");
    expect(percent(0.98442, 1)).toBe("98.4%");
    expect(percent(Number.NaN)).toBe("n/a");
    expect(percent(Number.POSITIVE_INFINITY, 1)).toBe("n/a");
  });
});

describe("counts", () => {
  it("a count with its noun, singular for one, grouped by thousands", () => {
    expect([counted(1, "file"), counted(0, "file"), counted(1234, "file"), counted(1, "package")]).toEqual(["1 file", "0 files", "1,234 files", "1 package"]);
  });
});

describe("clipping", () => {
  it("cuts at the end, the start or the middle, always to exactly the width asked", () => {
    const text = "abcdefghijklmnopqrstuvwxyz";
    expect(clip(text, 10)).toBe("abcdefghi…");
    expect(clipStart(text, 10)).toBe("…rstuvwxyz");
    expect(clipMiddle(text, 10)).toBe("abcd…vwxyz");
    expect(clipMiddle(text, 11)).toBe("abcde…vwxyz");
    for (let width = 0; width <= 30; width++) {
      for (const cut of [clip, clipStart, clipMiddle, clipPath]) expect(cut(text, width).length, `${cut.name} ${width}`).toBe(Math.min(width, text.length));
    }
    expect(clip(text, 1)).toBe("…");
    expect(clip("", 0)).toBe("");
    expect(clipMiddle(text, 4)).toBe("abc…");
  });

  it("escapes what it shows, and counts the escapes in the width", () => {
    expect(clip("a\u202eb", 20)).toBe("a\\u202eb");
    expect(clip("\x1b[2J", 3)).toBe("\\x…");
    expect(clipMiddle("evil\u202eexe.txt", 20)).toBe("evil\\u202eexe.txt");
  });

  it("one line: whitespace runs as one space, trimmed", () => {
    expect(oneLine("  RUN a \n\t&& b  ")).toBe("RUN a && b");
  });

  it("a path on one line: whitespace shown as spaces, the file name kept when cut", () => {
    expect(clipPath("/a b/c\nd", 40)).toBe("/a b/c d");
    expect(clipPath("/usr/share/doc/very-long-package-name/changelog.Debian.gz", 30)).toBe("/usr/share/doc…gelog.Debian.gz");
  });
});
