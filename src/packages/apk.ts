import { PackageDbError } from "./control.js";
import { contentOf } from "./dpkg.js";
import type { EcoPackage, EcosystemReader } from "./ecosystem.js";
import { isBuildToolName } from "./graph.js";
import { NO_NODE } from "../tree/node-table.js";

const INSTALLED = "lib/apk/db/installed";
const WORLD = "etc/apk/world";

interface ApkPackage extends EcoPackage {
  /** Absolute paths from the F:/R: lines */
  paths: string[];
}

/** `so:libc.musl-x86_64.so.1`, `zlib>=1.2`, `!conflict` → the name an install provides, or undefined */
function dependencyName(token: string): string | undefined {
  if (token.startsWith("!")) return undefined;
  return token.split(/[<>=~]/)[0] || undefined;
}

/**
 * apk's installed database: one block of `X:value` lines per package, blank lines between. P name, V version,
 * A arch, D dependencies, p provides, F a folder, R a file in the last folder. /etc/apk/world names the
 * requested packages.
 */
function readApkPackages(text: string, world: string | undefined): ApkPackage[] {
  if (text.length > 0 && !text.endsWith("\n")) throw new PackageDbError("apk installed database is truncated (no final newline)");
  const requested = new Set(
    (world ?? "")
      .split(/\s+/)
      .map((token) => dependencyName(token))
      .filter((name): name is string => !!name),
  );
  const packages: ApkPackage[] = [];
  let current: ApkPackage | undefined;
  let folder = "";
  let lineNo = 0;
  const finish = (): void => {
    if (!current) return;
    if (!current.name || !current.version) throw new PackageDbError(`apk installed database: a package near line ${lineNo} has no P: or V: line (truncated?)`);
    current.key = current.name;
    current.manual = world === undefined || requested.has(current.name);
    current.buildToolByName = isBuildToolName(current.name);
    packages.push(current);
    current = undefined;
  };
  for (const line of text.split("\n")) {
    lineNo++;
    if (line === "") {
      finish();
      continue;
    }
    if (line[1] !== ":") throw new PackageDbError(`apk installed database: line ${lineNo} is not a field`);
    current ??= { name: "", version: "", key: "", manual: false, strong: [], weak: [], provides: [], buildToolByName: false, paths: [] };
    const value = line.slice(2);
    switch (line[0]) {
      case "P":
        current.name = value;
        break;
      case "V":
        current.version = value;
        break;
      case "A":
        current.arch = value;
        break;
      case "D":
        current.strong = value
          .split(/\s+/)
          .map(dependencyName)
          .filter((name): name is string => !!name)
          .map((name) => [name]);
        break;
      case "p":
        current.provides = value
          .split(/\s+/)
          .map(dependencyName)
          .filter((name): name is string => !!name);
        break;
      case "F":
        folder = cleanApkPath(value, lineNo);
        current.paths.push("/" + folder);
        break;
      case "R":
        if (value.includes("/")) throw new PackageDbError(`apk installed database: line ${lineNo} names a file with a slash`);
        current.paths.push(`/${folder ? folder + "/" : ""}${cleanApkPath(value, lineNo)}`);
        break;
    }
  }
  finish();
  return packages;
}

function cleanApkPath(path: string, lineNo: number): string {
  if (path.startsWith("/") || path.split("/").includes("..")) {
    throw new PackageDbError(`apk installed database: line ${lineNo} names a path outside the tree`);
  }
  return path;
}

export const apkReader: EcosystemReader = {
  ecosystem: "apk",
  present: (files) => files.history.has(INSTALLED),
  changes: (path) => path === INSTALLED || path === WORLD,
  read(files, layer) {
    const installed = files.at(INSTALLED, layer);
    if (!installed) return [];
    const world = files.at(WORLD, layer);
    return readApkPackages(contentOf(installed, "apk installed database"), world ? contentOf(world, "/etc/apk/world") : undefined);
  },
  *owned(_files, pkg, _layer, tree) {
    for (const path of (pkg as ApkPackage).paths) {
      const node = tree.lookup(path);
      if (node !== NO_NODE) yield node;
    }
  },
};
