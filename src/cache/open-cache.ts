import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import { parseBytes } from "../config/units.js";
import { FileLayerCache } from "./file-cache.js";

const DEFAULT_CACHE_MAX = 2 * 2 ** 30;

/** `$XDG_CACHE_HOME/layerscope`, or `~/.cache/layerscope` (a relative XDG_CACHE_HOME is ignored, as the spec says). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), ".cache"), "layerscope");
}

/**
 * The layer cache the CLI uses: `defaultCacheDir()`, bounded by `LAYERSCOPE_CACHE_MAX` (e.g. `500MB`, `4GiB`;
 * default 2 GiB). `LAYERSCOPE_CACHE_MAX=0` turns it off (returns false). A bad value throws a ConfigError.
 */
export function openLayerCache(env: NodeJS.ProcessEnv = process.env): FileLayerCache | false {
  const raw = env.LAYERSCOPE_CACHE_MAX;
  const maxBytes = raw === undefined || raw.trim() === "" ? DEFAULT_CACHE_MAX : parseBytes(raw, "LAYERSCOPE_CACHE_MAX");
  if (maxBytes === 0) return false;
  return new FileLayerCache({ dir: defaultCacheDir(env), maxBytes });
}
