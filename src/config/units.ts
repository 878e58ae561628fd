import { ConfigError } from "../errors.js";

// Dive parses byte values with go-humanize: SI suffixes are decimal (20MB = 20,000,000), IEC ones binary.
const BYTE_UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  ki: 2 ** 10,
  kib: 2 ** 10,
  m: 1e6,
  mb: 1e6,
  mi: 2 ** 20,
  mib: 2 ** 20,
  g: 1e9,
  gb: 1e9,
  gi: 2 ** 30,
  gib: 2 ** 30,
  t: 1e12,
  tb: 1e12,
  ti: 2 ** 40,
  tib: 2 ** 40,
};

/**
 * `20MB` → 20,000,000; `1GiB` → 1,073,741,824; `512` or 512 → 512. Throws ConfigError on anything else. A fraction
 * of a byte is dropped, as go-humanize does for Dive (`1.5` → 1, `2.01MB` → 2,009,999: 2.01 × 10⁶ in doubles).
 */
export function parseBytes(value: unknown, what: string): number {
  if (typeof value === "number") {
    if (Number.isFinite(value) && value >= 0) return Math.floor(value);
    throw new ConfigError(`${what}: expected a byte size, got ${String(value)}`);
  }
  if (typeof value !== "string") throw new ConfigError(`${what}: expected a byte size like "20MB"`);
  const match = /^\s*([0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)\s*([a-zA-Z]*)\s*$/.exec(value);
  const factor = match ? BYTE_UNITS[match[2].toLowerCase()] : undefined;
  if (!match || factor === undefined) {
    throw new ConfigError(`${what}: "${value}" is not a byte size (use e.g. 20MB, 1GiB or 512)`);
  }
  return Math.floor(Number(match[1].replace(/,/g, "")) * factor);
}

/**
 * `0.1` or `"10%"` → 0.1. With `max` (1 for a ratio), a larger number is refused with the fraction or percentage
 * the user probably meant: `min-efficiency: 90` is 90%, written `0.9` or `"90%"`.
 */
export function parseFraction(value: unknown, what: string, max?: number): number {
  let result: number | undefined;
  if (typeof value === "number") result = value;
  else if (typeof value === "string") {
    const text = value.trim();
    const percent = /^([0-9]+(?:\.[0-9]+)?)\s*%$/.exec(text);
    if (percent) result = Number(percent[1]) / 100;
    else if (/^(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:e-?[0-9]+)?$/i.test(text)) result = Number(text);
  }
  if (result === undefined || !Number.isFinite(result) || result < 0) {
    throw new ConfigError(`${what}: ${shown(value)} is not a fraction (use e.g. 0.1 or "10%")`);
  }
  if (max !== undefined && result > max) {
    const meant =
      typeof value === "string" && value.trim().endsWith("%")
        ? ""
        : ` (for ${String(value).trim()}%, write ${Number((result / 100).toPrecision(6))} or "${String(value).trim()}%")`;
    throw new ConfigError(`${what}: ${String(value).trim()} is more than ${max}: it is a fraction from 0 to ${max}${meant}`);
  }
  return result;
}

export function parseCount(value: unknown, what: string): number {
  const number = typeof value === "string" && /^\s*[0-9]+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number) || number < 0) {
    throw new ConfigError(`${what}: ${shown(value)} is not a whole number`);
  }
  return number;
}

/** Dive's way to turn a rule off. */
export function isDisabled(value: unknown): boolean {
  return typeof value === "string" && ["disabled", "off"].includes(value.trim().toLowerCase());
}

/** A config value as written: a string in quotes, a list or mapping as JSON (not "1" for [1], nor "[object Object]"). */
function shown(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}
