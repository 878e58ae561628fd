import { PackageDbError } from "./control.js";
import type { DbFiles } from "./db-files.js";
import { contentOf } from "./dpkg.js";
import type { EcoPackage, EcosystemReader } from "./ecosystem.js";
import { walkFiles } from "./tree-lookup.js";
import { NO_NODE } from "../tree/node-table.js";

const PACKAGE_JSON = /(?:^|\/)node_modules\/(?:@[^/]+\/)?[^/@][^/]*\/package\.json$/;
const LOCK = /(?:^|\/)package-lock\.json$/;

interface NpmPackage extends EcoPackage {
  /** The package's folder, absolute */
  dir: string;
}

type Json = Record<string, unknown>;

function parseJson(text: string, what: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PackageDbError(`${what} is not valid JSON (truncated?)`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new PackageDbError(`${what} is not a JSON object`);
  return value as Json;
}

function names(value: unknown): string[] {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? Object.keys(value) : [];
}

/**
 * The packages of every node_modules folder: name and version from each package.json. A top-level
 * package-lock.json next to a node_modules folder names what the project asked for (`packages[""]`) and which
 * packages only development needs (`dev: true`, counted as build tools); without a lock file, a package no other
 * package depends on counts as requested.
 */
function readNpm(files: DbFiles, layer: number): NpmPackage[] {
  const requested = new Set<string>();
  const dev = new Set<string>();
  let haveLock = false;
  for (const path of files.pathsAt((p) => LOCK.test(p) && !p.includes("node_modules/"), layer)) {
    const lock = parseJson(contentOf(files.at(path, layer)!, "/" + path), "/" + path);
    const project = path.slice(0, path.length - "package-lock.json".length);
    const entries = lock.packages as Json | undefined;
    if (typeof entries !== "object" || entries === null) continue;
    haveLock = true;
    const root = entries[""] as Json | undefined;
    for (const field of ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"]) {
      for (const name of names(root?.[field])) requested.add(`/${project}node_modules/${name}`);
    }
    for (const [where, info] of Object.entries(entries)) {
      if (where !== "" && typeof info === "object" && info !== null && (info as Json).dev === true) dev.add(`/${project}${where}`);
    }
  }
  const packages: NpmPackage[] = [];
  for (const path of files.pathsAt((p) => PACKAGE_JSON.test(p), layer)) {
    const json = parseJson(contentOf(files.at(path, layer)!, "/" + path), "/" + path);
    const name = json.name;
    const version = json.version;
    if (typeof name !== "string" || typeof version !== "string") continue; // a folder that is not a package
    const dir = "/" + path.slice(0, path.length - "/package.json".length);
    packages.push({
      name,
      version,
      key: dir,
      dir,
      metadataPath: `${dir}/package.json`,
      manual: requested.has(dir),
      strong: [...names(json.dependencies), ...names(json.optionalDependencies)].map((dep) => [dep]),
      weak: [],
      provides: [],
      buildToolByName: dev.has(dir),
    });
  }
  if (!haveLock) {
    const needed = new Set(packages.flatMap((pkg) => pkg.strong.flat()));
    for (const pkg of packages) pkg.manual = !needed.has(pkg.name);
  }
  return packages;
}

export const npmReader: EcosystemReader = {
  ecosystem: "npm",
  present: (files) => [...files.history.keys()].some((path) => PACKAGE_JSON.test(path)),
  changes: (path) => PACKAGE_JSON.test(path) || LOCK.test(path),
  read: readNpm,
  *owned(_files, pkg, _layer, tree) {
    const dir = tree.lookup((pkg as NpmPackage).dir);
    if (dir === NO_NODE || !tree.tree.isDir(dir)) return;
    const nodes: number[] = [];
    walkFiles(
      tree.tree,
      dir,
      (node) => nodes.push(node),
      (name) => name === "node_modules",
    );
    yield* nodes;
  },
};
