import type { Database, SqlJsStatic } from "sql.js";
import { PackageDbError } from "./control.js";
import type { DbFiles } from "./db-files.js";
import type { EcoPackage, EcosystemReader } from "./ecosystem.js";
import { isBuildToolName } from "./graph.js";
import { RpmHeader, TAG } from "./rpm-header.js";
import { NO_NODE } from "../tree/node-table.js";

/** Where rpm keeps its sqlite database: /var/lib/rpm, or /usr/lib/sysimage/rpm (Fedora 36+, /var/lib/rpm a link). */
export const RPM_SQLITE_PATHS = ["var/lib/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite"];
/** The Berkeley DB (RHEL 7/8, Amazon Linux 2) and ndb (openSUSE) databases: noticed, not read */
const RPM_OTHER_DBS = ["var/lib/rpm/Packages", "var/lib/rpm/Packages.db", "usr/lib/sysimage/rpm/Packages.db"];

interface RpmPackage extends EcoPackage {
  /** Absolute paths of its files */
  paths: string[];
}

/**
 * rpm's sqlite database (rpm ≥ 4.16: RHEL/UBI 9, Fedora 33+, Rocky/Alma 9, Amazon Linux 2023): one header blob a
 * package in the `Packages` table. rpm records no "installed on request" mark (dnf's history does, not read here):
 * a package no other installed package requires or recommends counts as requested; Requires make dependencies and
 * Recommends weak ones, as for deb. A requirement on a file path (`/bin/sh`) goes to the package that owns it.
 */
function readRpmPackages(sqlite: SqlJsStatic, bytes: Buffer, what: string): RpmPackage[] {
  let db: Database;
  try {
    db = new sqlite.Database(bytes);
  } catch (error) {
    throw new PackageDbError(`${what}: not an SQLite database (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    const blobs: Buffer[] = [];
    try {
      const statement = db.prepare("SELECT blob FROM Packages ORDER BY hnum");
      while (statement.step()) {
        const [blob] = statement.get();
        if (blob instanceof Uint8Array) blobs.push(Buffer.from(blob));
      }
      statement.free();
    } catch (error) {
      throw new PackageDbError(`${what}: no readable Packages table (${error instanceof Error ? error.message : String(error)})`);
    }
    return classify(blobs.map((blob, i) => packageOf(new RpmHeader(blob, `${what}: package ${i + 1}`))));
  } finally {
    db.close();
  }
}

function packageOf(header: RpmHeader): RpmPackage {
  const name = header.string(TAG.name);
  const version = header.string(TAG.version);
  if (!name || version === undefined) throw new PackageDbError("rpm header without a name or version");
  const release = header.string(TAG.release);
  const epoch = header.numbers(TAG.epoch)[0];
  const dirs = header.stringArray(TAG.dirNames);
  const indexes = header.numbers(TAG.dirIndexes);
  const paths = header.stringArray(TAG.baseNames).map((base, i) => {
    const dir = dirs[indexes[i]];
    if (dir === undefined) throw new PackageDbError(`rpm header of ${name}: a file's directory index is out of range`);
    return dir + base;
  });
  const arch = header.string(TAG.arch);
  return {
    name,
    version: `${epoch !== undefined ? `${epoch}:` : ""}${version}${release ? `-${release}` : ""}`,
    ...(arch ? { arch } : {}),
    key: `${name}.${arch ?? ""}`,
    manual: false,
    strong: header
      .stringArray(TAG.requireName)
      .filter(isPackageRequirement)
      .map((req) => [req]),
    weak: header.stringArray(TAG.recommendName).map((req) => [req.split(/\s/)[0]]),
    provides: header.stringArray(TAG.provideName),
    buildToolByName: isBuildToolName(name),
    paths,
  };
}

/** rpmlib(…) features and rich dependencies (`(a or b)`) name no package. */
function isPackageRequirement(requirement: string): boolean {
  return !requirement.startsWith("rpmlib(") && !requirement.startsWith("(");
}

/** File requirements become the owning package's name; the leaves of the graph are the requested packages. */
function classify(packages: RpmPackage[]): RpmPackage[] {
  const fileOwner = new Map<string, string>();
  for (const pkg of packages) for (const path of pkg.paths) fileOwner.set(path, pkg.name);
  const byProvide = new Map<string, string>();
  for (const pkg of packages) {
    byProvide.set(pkg.name, pkg.name);
    for (const provide of pkg.provides) if (!byProvide.has(provide)) byProvide.set(provide, pkg.name);
  }
  const needed = new Set<string>();
  for (const pkg of packages) {
    pkg.strong = pkg.strong.map(([req]) => [req.startsWith("/") ? (fileOwner.get(req) ?? req) : req]);
    for (const [req] of [...pkg.strong, ...pkg.weak]) {
      const owner = byProvide.get(req);
      if (owner !== undefined && owner !== pkg.name) needed.add(owner);
    }
  }
  for (const pkg of packages) pkg.manual = !needed.has(pkg.name);
  return packages;
}

/** The rpm reader, given a loaded sql.js (src/packages/sqlite.ts loads it only when an rpmdb.sqlite was captured). */
export function rpmReader(sqlite: SqlJsStatic | undefined): EcosystemReader {
  return {
    ecosystem: "rpm",
    present: (files) => [...RPM_SQLITE_PATHS, ...RPM_OTHER_DBS].some((path) => files.history.has(path)),
    changes: (path) => RPM_SQLITE_PATHS.includes(path) || RPM_OTHER_DBS.includes(path),
    read(files: DbFiles, layer: number) {
      for (const path of RPM_SQLITE_PATHS) {
        const state = files.at(path, layer);
        if (!state) continue;
        if (state.content === undefined) throw new PackageDbError(`/${path} is over the size cap: not read`);
        if (!sqlite) throw new PackageDbError(`/${path}: the SQLite reader did not load`);
        return readRpmPackages(sqlite, state.content, `/${path}`);
      }
      const other = RPM_OTHER_DBS.find((path) => files.at(path, layer));
      if (other) throw new PackageDbError(`/${other}: a Berkeley DB or ndb rpm database, which layerscope does not read (rpm ≥ 4.16's sqlite one only)`);
      return [];
    },
    *owned(_files, pkg, _layer, tree) {
      for (const path of (pkg as RpmPackage).paths) {
        const node = tree.lookup(path);
        if (node !== NO_NODE) yield node;
      }
    },
  };
}
