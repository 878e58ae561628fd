import { describe, expect, it } from "vitest";
import { isDisabled, parseBytes, parseCount, parseFraction } from "../../src/config/units.js";
import { ConfigError } from "../../src/errors.js";

describe("parseBytes", () => {
  it.each([
    ["20MB", 20_000_000],
    ["20mb", 20_000_000],
    ["20 MB", 20_000_000],
    ["1GiB", 1_073_741_824],
    ["1.5kB", 1_500],
    ["2KiB", 2_048],
    ["1,000", 1_000],
    ["512", 512],
    [512, 512],
    ["3M", 3_000_000],
    ["1T", 1e12],
    // go-humanize (Dive) drops a fraction of a byte, after multiplying in doubles, and takes "5." and ".5"
    ["1.5", 1],
    [1.5, 1],
    ["2.01MB", 2_009_999],
    ["5.", 5],
    [".5kB", 500],
  ] as const)("%s → %d", (input, expected) => {
    expect(parseBytes(input, "x")).toBe(expected);
  });

  it.each(["", "MB", "20XB", "-5", "twenty", "1e3", ".", "1.2.3"])("rejects %j with a ConfigError naming the value", (input) => {
    expect(() => parseBytes(input, "rules.max-junk-bytes")).toThrow(ConfigError);
    expect(() => parseBytes(input, "rules.max-junk-bytes")).toThrow(/rules\.max-junk-bytes/);
  });

  it("rejects negative and non-finite numbers and non-strings", () => {
    expect(() => parseBytes(-1, "x")).toThrow(ConfigError);
    expect(() => parseBytes(Number.NaN, "x")).toThrow(ConfigError);
    expect(() => parseBytes(true, "x")).toThrow(ConfigError);
  });
});

describe("parseFraction", () => {
  it.each([
    [0.1, 0.1],
    ["0.1", 0.1],
    ["10%", 0.1],
    ["12.5 %", 0.125],
    [".9", 0.9],
    [1, 1],
  ] as const)("%s → %d", (input, expected) => {
    expect(parseFraction(input, "x")).toBeCloseTo(expected, 12);
  });

  it.each(["ten", "%", "-0.1", "10%%", ""])("rejects %j", (input) => {
    expect(() => parseFraction(input, "x")).toThrow(ConfigError);
  });

  it("refuses more than the maximum, suggesting the fraction meant", () => {
    expect(parseFraction("100%", "x", 1)).toBe(1);
    expect(parseFraction(1.5, "x")).toBe(1.5);
    expect(() => parseFraction(90, "x", 1)).toThrow('x: 90 is more than 1: it is a fraction from 0 to 1 (for 90%, write 0.9 or "90%")');
    expect(() => parseFraction("12.5", "x", 1)).toThrow('(for 12.5%, write 0.125 or "12.5%")');
    expect(() => parseFraction("150%", "x", 1)).toThrow(/^x: 150% is more than 1: it is a fraction from 0 to 1$/);
  });
});

describe("parseCount and isDisabled", () => {
  it("accepts whole numbers only", () => {
    expect(parseCount(12, "x")).toBe(12);
    expect(parseCount("12", "x")).toBe(12);
    expect(() => parseCount(1.5, "x")).toThrow(ConfigError);
    expect(() => parseCount("-1", "x")).toThrow(ConfigError);
  });

  it("shows a list or a mapping given for a number as it was written", () => {
    expect(() => parseFraction([1], "rules.lowestEfficiency in f", 1)).toThrow(/^rules\.lowestEfficiency in f: \[1\] is not a fraction/);
    expect(() => parseFraction({ a: 1 }, "x", 1)).toThrow(/^x: \{"a":1\} is not a fraction/);
    expect(() => parseFraction("high", "x", 1)).toThrow(/^x: "high" is not a fraction/);
    expect(() => parseCount([3], "rules.max-layers")).toThrow(/^rules\.max-layers: \[3\] is not a whole number$/);
  });

  it("knows Dive's off words", () => {
    expect(isDisabled("disabled")).toBe(true);
    expect(isDisabled("Off")).toBe(true);
    expect(isDisabled("0")).toBe(false);
    expect(isDisabled(false)).toBe(false);
  });
});
