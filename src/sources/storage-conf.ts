import { readFile } from "node:fs/promises";
import { homedir, userInfo } from "node:os";
import { join } from "node:path";

const SYSTEM_FILES = ["/etc/containers/storage.conf", "/usr/share/containers/storage.conf"];

/**
 * The containers-storage root skopeo, buildah and podman use when none is named, found as containers/storage finds
 * it: `CONTAINERS_STORAGE_CONF` alone when set, else (rootless) the user's `~/.config/containers/storage.conf`, else
 * the system's file; its `[storage]` table's `graphroot` (rootless: `rootless_storage_path` from a system file), else
 * `/var/lib/containers/storage` as root and `~/.local/share/containers/storage` rootless.
 */
export async function defaultStorageRoot(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.() ?? 0): Promise<string> {
  const home = env.HOME ?? homedir();
  const builtIn = uid === 0 ? "/var/lib/containers/storage" : join(env.XDG_DATA_HOME ?? join(home, ".local", "share"), "containers", "storage");
  const own = env.CONTAINERS_STORAGE_CONF
    ? [env.CONTAINERS_STORAGE_CONF]
    : uid !== 0
      ? [join(env.XDG_CONFIG_HOME ?? join(home, ".config"), "containers", "storage.conf")]
      : [];
  for (const file of [...own, ...(env.CONTAINERS_STORAGE_CONF ? [] : SYSTEM_FILES)]) {
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text === undefined) continue;
    const table = storageTable(text);
    const key = uid !== 0 && !own.includes(file) ? "rootless_storage_path" : "graphroot";
    const value = table[key];
    return value ? expand(value, home, uid) : builtIn;
  }
  return builtIn;
}

/** The string values of a TOML file's `[storage]` table (the keys layerscope needs are plain strings). */
function storageTable(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  let inStorage = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("[")) {
      inStorage = line === "[storage]";
      continue;
    }
    const match = inStorage ? /^([A-Za-z_]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(line) : null;
    if (match) values[match[1]] = match[2] ?? match[3];
  }
  return values;
}

/** containers/storage expands $HOME, $UID and $USER in these paths. */
function expand(path: string, home: string, uid: number): string {
  const user = (() => {
    try {
      return userInfo().username;
    } catch {
      return "";
    }
  })();
  return path.replace(/\$HOME|\$\{HOME\}/g, home).replace(/\$UID|\$\{UID\}/g, String(uid)).replace(/\$USER|\$\{USER\}/g, user);
}
