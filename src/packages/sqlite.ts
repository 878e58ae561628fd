import { createRequire } from "node:module";
import type { SqlJsStatic } from "sql.js";
import { RPM_SQLITE_PATHS } from "./rpm.js";

// required, not imported: the CLI runs as a script compiled from V8's code cache, where import() is not available
const requireLazily = createRequire(import.meta.url);

/**
 * sql.js (SQLite compiled to WebAssembly, a runtime dependency) for rpm's sqlite database: loaded only when a layer
 * holds one, so no other run pays for instantiating it.
 */
export async function loadSqliteFor(layers: ReadonlyArray<{ entries: ReadonlyArray<{ path: string; content?: Buffer }> }>): Promise<SqlJsStatic | undefined> {
  const wanted = layers.some((layer) => layer.entries.some((entry) => entry.content !== undefined && RPM_SQLITE_PATHS.includes(entry.path)));
  if (!wanted) return undefined;
  const initSqlJs = requireLazily("sql.js") as (config?: object) => Promise<SqlJsStatic>;
  return initSqlJs();
}
