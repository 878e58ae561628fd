import { PackageDbError, parseDeb822, parseRelations, type Stanza } from "./control.js";
import type { DbFiles } from "./db-files.js";
import { isBuildToolName, type GraphNode } from "./graph.js";

const DPKG_STATUS = "var/lib/dpkg/status";
const STATUS_D = "var/lib/dpkg/status.d/";
const INFO = "var/lib/dpkg/info/";
const EXTENDED_STATES = "var/lib/apt/extended_states";
/** What readDpkgPackages reads of a stanza */
const STATUS_FIELDS = new Set(["package", "status", "version", "architecture", "multi-arch", "pre-depends", "depends", "recommends", "provides"]);
const EXTENDED_STATES_FIELDS = new Set(["package", "architecture", "auto-installed"]);

/** An installed Debian package and what the graph needs of it. */
export interface DebPackage extends GraphNode {
  arch: string;
  version: string;
  /** `name` or `name:arch` for Multi-Arch: same packages, as dpkg names its files */
  id: string;
}

export function hasDpkg(files: DbFiles): boolean {
  for (const path of files.history.keys()) if (path === DPKG_STATUS || path.startsWith(STATUS_D)) return true;
  return false;
}

export function dpkgChanged(path: string): boolean {
  return path === DPKG_STATUS || path.startsWith(STATUS_D) || path === EXTENDED_STATES;
}

/** The installed packages after `layer`, from status (or distroless status.d) and apt's automatic marks. */
export function readDpkgPackages(files: DbFiles, layer: number): DebPackage[] {
  const stanzas: Stanza[] = [];
  const status = files.at(DPKG_STATUS, layer);
  if (status) stanzas.push(...parseDeb822(contentOf(status, "dpkg status"), "dpkg status", STATUS_FIELDS));
  for (const path of files.pathsAt((p) => p.startsWith(STATUS_D) && !p.endsWith(".md5sums"), layer)) {
    const state = files.at(path, layer)!;
    stanzas.push(...parseDeb822(contentOf(state, path), "/" + path, STATUS_FIELDS));
  }
  const auto = readAutoInstalled(files, layer);
  const packages: DebPackage[] = [];
  for (const stanza of stanzas) {
    const name = stanza.get("package");
    const statusField = stanza.get("status") ?? "install ok installed"; // status.d stanzas may carry none
    if (!name || !/^[a-z0-9][a-z0-9+.-]*$/.test(name)) throw new PackageDbError(`dpkg status: a stanza has no valid Package field`);
    const state = statusField.split(/\s+/)[2];
    if (state === undefined) throw new PackageDbError(`dpkg status: ${name} has an invalid Status "${statusField}"`);
    if (state === "not-installed" || state === "config-files") continue;
    const version = stanza.get("version");
    const arch = stanza.get("architecture");
    if (!version || !arch) throw new PackageDbError(`dpkg status: ${name} has no Version or Architecture (truncated?)`);
    const multiArchSame = stanza.get("multi-arch") === "same";
    packages.push({
      name,
      arch,
      version,
      id: multiArchSame ? `${name}:${arch}` : name,
      // apt records an `Architecture: all` package under the native architecture
      manual: !auto.has(`${name}:${arch}`) && !auto.has(name) && !(arch === "all" && auto.has(`${name}:*`)),
      strong: [...parseRelations(stanza.get("pre-depends")), ...parseRelations(stanza.get("depends"))],
      weak: parseRelations(stanza.get("recommends")),
      provides: parseRelations(stanza.get("provides")).flat(),
      buildToolByName: isBuildToolName(name),
    });
  }
  return packages;
}

/** apt's extended_states: `Package`, `Architecture`, `Auto-Installed: 1` marks what apt pulled in by itself. */
function readAutoInstalled(files: DbFiles, layer: number): Set<string> {
  const state = files.at(EXTENDED_STATES, layer);
  const auto = new Set<string>();
  if (!state) return auto;
  for (const stanza of parseDeb822(contentOf(state, "apt extended_states"), "apt extended_states", EXTENDED_STATES_FIELDS)) {
    const name = stanza.get("package");
    if (!name || stanza.get("auto-installed") !== "1") continue;
    const arch = stanza.get("architecture");
    auto.add(arch ? `${name}:${arch}` : name);
    auto.add(`${name}:*`);
  }
  return auto;
}

/**
 * The absolute paths a package owns, from `info/NAME[:ARCH].list` (or a distroless `status.d/NAME.md5sums`).
 * Paths must be absolute and clean: a `..` in a database is a forged database, refused whole.
 */
export function dpkgFileList(files: DbFiles, pkg: DebPackage, layer: number): string[] {
  const candidates = [`${INFO}${pkg.name}:${pkg.arch}.list`, `${INFO}${pkg.name}.list`];
  for (const path of candidates) {
    const state = files.at(path, layer);
    if (!state) continue;
    // every list starts with "/.", the root itself
    const list = contentOf(state, "/" + path).split("\n").filter((line) => line !== "" && line !== "/.");
    for (const entry of list) checkPath(entry, path);
    return list;
  }
  const sums = files.at(`${STATUS_D}${pkg.name}.md5sums`, layer);
  if (!sums) return [];
  return contentOf(sums, `${STATUS_D}${pkg.name}.md5sums`)
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const path = "/" + line.replace(/^[0-9a-f]+\s+/, "");
      checkPath(path, `${STATUS_D}${pkg.name}.md5sums`);
      return path;
    });
}

function checkPath(path: string, list: string): void {
  if (!path.startsWith("/") || hasDotDot(path)) {
    throw new PackageDbError(`/${list} names a path outside the clean tree (${JSON.stringify(path.slice(0, 60))})`);
  }
}

/** A `..` segment (`/a/../b`, `/a/..`), found without splitting the path: file lists hold thousands of paths. */
function hasDotDot(path: string): boolean {
  for (let at = path.indexOf("/.."); at >= 0; at = path.indexOf("/..", at + 1)) {
    if (at + 3 === path.length || path.charCodeAt(at + 3) === 47) return true;
  }
  return false;
}

export function contentOf(state: { content?: Buffer; overCap?: boolean }, what: string): string {
  if (state.content === undefined) throw new PackageDbError(`${what} is over the size cap: not read`);
  return state.content.toString("utf8");
}
