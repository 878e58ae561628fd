import { readFileSync } from "node:fs";

/** Set by the bundler (scripts/bundle.mjs) to package.json's version; undefined in the tsc build. */
declare const LAYERSCOPE_VERSION: string | undefined;

/** layerscope's version: compiled into the bundle, else read from its package.json ("0.0.0" when unreadable). */
export function packageVersion(): string {
  if (typeof LAYERSCOPE_VERSION === "string") return LAYERSCOPE_VERSION;
  try {
    const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
    const version: unknown = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === "string" ? version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}
