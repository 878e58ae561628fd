import type { MergedTree } from "../tree/merge.js";
import { NO_NODE } from "../tree/node-table.js";
import type { LayerEntry } from "../tree/types.js";
import { PackageDbError } from "./control.js";
import { DbFiles } from "./db-files.js";
import { apkReader } from "./apk.js";
import { debReader } from "./deb-reader.js";
import { npmReader } from "./npm.js";
import { pythonReader } from "./python.js";
import { rpmReader } from "./rpm.js";
import type { SqlJsStatic } from "sql.js";
import type { EcoPackage, EcosystemReader } from "./ecosystem.js";
import { classifyPackages } from "./graph.js";
import { Ownership, PathResolver } from "./tree-lookup.js";
import type { PackageInfo, PackageReport, RemovedPackage } from "./types.js";
import type { Steps } from "../steps/steps.js";

const MAX_PULLED_BY = 3;

/** OS package managers first: a file that dpkg (or rpm) and pip both list belongs to the OS package. */
function readers(sqlite: SqlJsStatic | undefined): EcosystemReader[] {
  return [debReader, apkReader, rpmReader(sqlite), pythonReader, npmReader];
}

export interface PackageInput {
  layers: ReadonlyArray<{ entries: LayerEntry[] }>;
  /** The final merged tree */
  tree: MergedTree;
  /** Bytes of the final tree's regular files (the image's `finalBytes`) */
  finalBytes: number;
  /** sql.js, when a layer holds rpm's sqlite database (src/packages/sqlite.ts) */
  sqlite?: SqlJsStatic;
}

export interface PackageResult {
  report: PackageReport;
  /** Each owned regular file of the final tree, by absolute path → index of its package in `report.packages` */
  owner: Map<string, number>;
}

/**
 * Reads the package databases the scan captured and attributes the final tree's regular files to packages.
 * Undefined when the image holds no database at all (nothing is computed then). In steps: an ecosystem's database,
 * then its packages' file lists a few at a time.
 */
export function* readPackageSteps(input: PackageInput): Steps<PackageResult | undefined> {
  const files = yield* DbFiles.steps(input.layers);
  if (files.empty) return undefined;
  const last = input.layers.length - 1;
  const report: PackageReport = { packages: [], removed: [], unownedBytes: 0, unownedFiles: 0, ownedBytes: 0, ecosystems: [], warnings: [] };
  const ownership = new Ownership(input.tree);
  const tree = new PathResolver(input.tree);
  for (const reader of readers(input.sqlite)) {
    if (!reader.present(files)) continue;
    yield;
    let found: Found[];
    let removed: RemovedPackage[];
    try {
      const history = readHistory(reader, files);
      found = packagesOf(reader, history);
      removed = history.removed;
      // the file lists are read (and checked) before any file is claimed: a bad list leaves no partial figures
      const lists: number[][] = [];
      for (const [i, { pkg }] of found.entries()) {
        if (i % PACKAGES_PER_STEP === PACKAGES_PER_STEP - 1) yield;
        lists.push([...reader.owned(files, pkg, last, tree)]);
      }
      yield;
      claimFiles(found, lists, ownership, report.packages.length);
    } catch (error) {
      if (!(error instanceof PackageDbError)) throw error;
      report.warnings.push(`${reader.ecosystem} packages not read: ${error.message}`);
      continue;
    }
    creditInstallers(found, report.packages, ownership, tree);
    report.ecosystems.push(reader.ecosystem);
    report.packages.push(...found.map(({ info }) => info));
    report.removed.push(...removed);
  }
  let ownedFiles = 0;
  for (const info of report.packages) ownedFiles += info.files;
  report.ownedBytes = ownership.ownedBytes;
  report.unownedBytes = input.finalBytes - ownership.ownedBytes;
  report.unownedFiles = countFiles(input.tree) - ownedFiles;
  return { report, owner: largestFirst(report, ownership, tree) };
}

/** How many packages' file lists are read in one step (a Debian package lists about a hundred paths) */
const PACKAGES_PER_STEP = 64;

/** A package of one ecosystem as its database says, and the figures the report gives it */
interface Found {
  pkg: EcoPackage;
  info: PackageInfo;
}

/** The final packages of one ecosystem, with the layer that installed each and why it is there (no bytes yet). */
function packagesOf(reader: EcosystemReader, history: History): Found[] {
  const classified = classifyPackages(history.final);
  const layerByName = new Map(history.final.map((p) => [p.name, history.since.get(p.key) ?? 0]));
  const layerOf = (name: string): number => layerByName.get(name) ?? 0;
  // the requested packages that pulled a package in: the ones its own layer installed first (apt-get install curl)
  const pulledBy = (i: number): string[] => {
    const own = history.since.get(history.final[i].key) ?? 0;
    const rank = (name: string): number => (layerOf(name) === own ? 0 : 1);
    return [...classified[i].pulledBy].sort((a, b) => rank(a) - rank(b)).slice(0, MAX_PULLED_BY);
  };
  return history.final.map((pkg, i) => ({
    pkg,
    info: {
      ecosystem: reader.ecosystem,
      name: pkg.name,
      version: pkg.version,
      ...(pkg.arch !== undefined ? { arch: pkg.arch } : {}),
      layer: history.since.get(pkg.key) ?? 0,
      ...(history.upgraded.has(pkg.key) ? { upgradedLayer: history.upgraded.get(pkg.key) } : {}),
      bytes: 0,
      files: 0,
      reason: classified[i].reason,
      buildTool: classified[i].buildTool,
      ...(classified[i].pulledBy.length > 0 ? { pulledBy: pulledBy(i) } : {}),
    },
  }));
}

/** Each package claims the nodes of its list, oldest layer first; a node already claimed stays with its owner. */
function claimFiles(found: Found[], lists: number[][], ownership: Ownership, base: number): void {
  const order = found.map((_, i) => i).sort((a, b) => found[a].info.layer - found[b].info.layer || cmp(found[a].info.name, found[b].info.name));
  for (const i of order) {
    const info = found[i].info;
    for (const node of lists[i]) {
      const got = ownership.claim(node, base + i);
      info.bytes += got.bytes;
      if (got.file) info.files++;
    }
  }
}

/** A language package that an OS package installed: its files count there; say which. */
function creditInstallers(found: Found[], earlier: PackageInfo[], ownership: Ownership, tree: PathResolver): void {
  for (const { pkg, info } of found) {
    const meta = pkg.metadataPath ? tree.lookup(pkg.metadataPath) : NO_NODE;
    const owner = meta !== NO_NODE ? ownership.owner.get(meta) : undefined;
    if (owner === undefined || owner >= earlier.length) continue;
    const os = earlier[owner];
    info.installedBy = `${os.ecosystem}:${os.name}`;
    // pip's own database cannot say why Debian installed python3-pip: the OS package can
    info.reason = os.reason;
    info.buildTool = os.buildTool;
    if (os.pulledBy) info.pulledBy = os.pulledBy;
    else delete info.pulledBy;
  }
}

/** Sorts the report's packages largest first; returns each owned file's path → its package's new index. */
function largestFirst(report: PackageReport, ownership: Ownership, tree: PathResolver): Map<string, number> {
  const order = report.packages
    .map((_, i) => i)
    .sort((a, b) => report.packages[b].bytes - report.packages[a].bytes || cmp(report.packages[a].name, report.packages[b].name));
  const rank = new Array<number>(order.length);
  order.forEach((old, now) => (rank[old] = now));
  report.packages = order.map((old) => report.packages[old]);
  const owner = new Map<string, number>();
  for (const [node, index] of ownership.owner) owner.set(tree.pathOf(node), rank[index]);
  return owner;
}

interface History {
  final: EcoPackage[];
  /** key → first layer of its current unbroken presence */
  since: Map<string, number>;
  /** key → layer of its last version change */
  upgraded: Map<string, number>;
  removed: RemovedPackage[];
}

/** Reads the database at every layer that changed it, to find when each package came, changed or went. */
function readHistory(reader: EcosystemReader, files: DbFiles): History {
  const layers = files.changedLayers((path) => reader.changes(path));
  const since = new Map<string, number>();
  const upgraded = new Map<string, number>();
  const removed = new Map<string, RemovedPackage>();
  let previous = new Map<string, EcoPackage>();
  let final: EcoPackage[] = [];
  for (const layer of layers) {
    const now = reader.read(files, layer);
    const current = new Map(now.map((pkg) => [pkg.key, pkg]));
    for (const [key, pkg] of current) {
      const before = previous.get(key);
      if (!before) {
        since.set(key, layer);
        removed.delete(key); // installed again
        upgraded.delete(key);
      } else if (before.version !== pkg.version) upgraded.set(key, layer);
    }
    for (const [key, pkg] of previous) {
      if (current.has(key)) continue;
      removed.set(key, {
        ecosystem: reader.ecosystem,
        name: pkg.name,
        version: pkg.version,
        ...(pkg.arch !== undefined ? { arch: pkg.arch } : {}),
        layer: since.get(key) ?? 0,
        removedLayer: layer,
      });
      since.delete(key);
    }
    previous = current;
    final = now;
  }
  return { final, since, upgraded, removed: [...removed.values()] };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function countFiles(tree: MergedTree): number {
  const { meta, firstChild, next } = tree.nodes;
  let count = 0;
  const stack = [tree.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (meta[node].type === "file") count++;
    for (let child = firstChild[node]; child !== NO_NODE; child = next[child]) stack.push(child);
  }
  return count;
}
