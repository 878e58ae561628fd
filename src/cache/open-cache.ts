import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import { parseBytes } from "../config/units.js";
import { FileAnalysisCache } from "./analysis-cache.js";
import { FileLayerCache } from "./file-cache.js";

const DEFAULT_CACHE_MAX = 2 * 2 ** 30;

/** `$XDG_CACHE_HOME/layerscope`, or `~/.cache/layerscope` (a relative XDG_CACHE_HOME is ignored, as the spec says). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), ".cache"), "layerscope");
}

/** `LAYERSCOPE_CACHE_MAX` in bytes (default 2 GiB); a bad value throws a ConfigError. */
function cacheMax(env: NodeJS.ProcessEnv): number {
  const raw = env.LAYERSCOPE_CACHE_MAX;
  return raw === undefined || raw.trim() === "" ? DEFAULT_CACHE_MAX : parseBytes(raw, "LAYERSCOPE_CACHE_MAX");
}

/**
 * The layer cache the CLI uses: `defaultCacheDir()`, bounded by `LAYERSCOPE_CACHE_MAX` (e.g. `500MB`, `4GiB`;
 * default 2 GiB). `LAYERSCOPE_CACHE_MAX=0` turns it off (returns false). A bad value throws a ConfigError.
 */
export function openLayerCache(env: NodeJS.ProcessEnv = process.env): FileLayerCache | false {
  const maxBytes = cacheMax(env);
  if (maxBytes === 0) return false;
  return new FileLayerCache({ dir: defaultCacheDir(env), maxBytes });
}

/** The whole analyses of earlier runs get an eighth of the layer cache's budget, beside it. */
const ANALYSIS_CACHE_SHARE = 1 / 8;

/** The cache of whole analyses the CLI uses, beside the layer cache; false when `LAYERSCOPE_CACHE_MAX=0`. */
export function openAnalysisCache(env: NodeJS.ProcessEnv = process.env): FileAnalysisCache | false {
  const maxBytes = Math.floor(cacheMax(env) * ANALYSIS_CACHE_SHARE);
  if (maxBytes === 0) return false;
  return new FileAnalysisCache({ dir: defaultCacheDir(env), maxBytes });
}
