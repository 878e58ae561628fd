/**
 * Which tar entries the scan keeps the content of: the package managers' own databases, and nothing else. A
 * database larger than its cap is not captured (the reader then warns instead of guessing).
 */

/** dpkg's status and apk's installed database (a big Debian image has a status of a few MB; the tar reader buffers at most 16 MiB) */
const MAX_DATABASE_BYTES = 16 << 20;
/** rpm's sqlite database: a few MB on UBI, tens of MB on a full Fedora (the tar reader buffers at most 16 MiB) */
const MAX_RPMDB_BYTES = 16 << 20;
/** Any other captured file: a .list, a METADATA, a package.json */
const MAX_FILE_BYTES = 4 << 20;
/** All captured contents of one layer */
export const MAX_LAYER_CAPTURE_BYTES = 96 << 20;

const PY_META = /(?:^|\/)(?:site|dist)-packages\/[^/]+\.(?:dist-info\/(?:METADATA|RECORD|INSTALLER|REQUESTED)|egg-info(?:\/(?:PKG-INFO|installed-files\.txt))?)$/;
const NPM_META = /(?:^|\/)node_modules\/(?:@[^/]+\/)?[^/@][^/]*\/package\.json$/;

/**
 * The cap for `path` when its content is captured, or 0. Called for every entry of every layer: a cheap test on
 * the last character rules most paths out before any pattern runs.
 */
export function captureLimit(path: string): number {
  const last = path.charCodeAt(path.length - 1);
  // s(status, extended_states, installed-files.txt…), t(.list, .txt), a(METADATA), d(RECORD, world), n(package.json)…
  switch (last) {
    case 0x73: // s
      if (path === "var/lib/dpkg/status") return MAX_DATABASE_BYTES;
      if (path === "var/lib/apt/extended_states") return MAX_FILE_BYTES;
      break;
    case 0x64: // d: installed, RECORD, world
      if (path === "lib/apk/db/installed") return MAX_DATABASE_BYTES;
      if (path === "etc/apk/world") return MAX_FILE_BYTES;
      break;
    case 0x6e: // n: package.json, package-lock.json
      if (path.endsWith("package.json")) return NPM_META.test(path) ? MAX_FILE_BYTES : 0;
      if (path.endsWith("package-lock.json") && !path.includes("node_modules/")) return MAX_DATABASE_BYTES;
      if (path.endsWith("node_modules/.package-lock.json")) return MAX_DATABASE_BYTES;
      return 0;
    case 0x74: // t: .list, installed-files.txt
      if (path.startsWith("var/lib/dpkg/info/") && path.endsWith(".list") && path.indexOf("/", 18) < 0) return MAX_FILE_BYTES;
      break;
  }
  if (last === 0x65 && (path === "var/lib/rpm/rpmdb.sqlite" || path === "usr/lib/sysimage/rpm/rpmdb.sqlite")) return MAX_RPMDB_BYTES;
  // Berkeley DB and ndb rpm databases are not read: a cap of one byte only notes that one is there
  if ((last === 0x73 || last === 0x62) && /^(?:var\/lib\/rpm\/Packages(?:\.db)?|usr\/lib\/sysimage\/rpm\/Packages\.db)$/.test(path)) return 1;
  if (path.startsWith("var/lib/dpkg/status.d/")) return path.endsWith(".md5sums") ? 0 : MAX_FILE_BYTES;
  if (last === 0x41 || last === 0x44 || last === 0x52 || last === 0x6f || last === 0x74) {
    // METADATA, RECORD, REQUESTED, INSTALLER, .egg-info, installed-files.txt / PKG-INFO
    if (path.includes("-packages/") && PY_META.test(path)) return MAX_FILE_BYTES;
  }
  if (last === 0x4f && path.endsWith("PKG-INFO") && PY_META.test(path)) return MAX_FILE_BYTES;
  return 0;
}
