import type { PathResolver } from "./tree-lookup.js";
import type { DbFiles } from "./db-files.js";
import type { GraphNode } from "./graph.js";
import type { Ecosystem } from "./types.js";

/** A package as one ecosystem's database describes it at one layer. */
export interface EcoPackage extends GraphNode {
  version: string;
  arch?: string;
  /** Identity across layers (name, plus arch or install location) */
  key: string;
  /** Absolute path of the database file that describes it (python/npm), to find which OS package installed it */
  metadataPath?: string;
}

/** One package manager's database: where it lives, how to read it, which tree nodes each package owns. */
export interface EcosystemReader {
  ecosystem: Ecosystem;
  /** Whether any of its files was captured in any layer */
  present(files: DbFiles): boolean;
  /** Whether a change to this captured path changes the package set */
  changes(path: string): boolean;
  /** The packages after `layer`; throws PackageDbError for a database it cannot trust */
  read(files: DbFiles, layer: number): EcoPackage[];
  /** The final tree's nodes (ids) a package owns (files, links, directories: only regular files count) */
  owned(files: DbFiles, pkg: EcoPackage, layer: number, tree: PathResolver): Iterable<number>;
}
