/** The package managers whose databases layerscope reads (rpm: the sqlite database only, see docs/packages.md). */
export type Ecosystem = "deb" | "apk" | "rpm" | "python" | "npm";

export const ECOSYSTEMS: readonly Ecosystem[] = ["deb", "apk", "rpm", "python", "npm"];

/**
 * Why a package is in the image:
 * - requested: installed by name (apt: not marked automatic; apk: in /etc/apk/world; python/npm: top level);
 * - dependency: reachable from a requested package through Depends/Pre-Depends (or the ecosystem's equivalent);
 * - recommended: reachable from the requested packages only through at least one Recommends edge;
 * - unneeded: marked automatic and reachable from nothing requested (`apt-get autoremove` would remove it).
 */
export type PackageReason = "requested" | "dependency" | "recommended" | "unneeded";

/** One installed package of the final image (or of the layer asked for). */
export interface PackageInfo {
  ecosystem: Ecosystem;
  name: string;
  version: string;
  /** Architecture (deb/apk); absent when the ecosystem has none */
  arch?: string;
  /** Layer index from which this package (at any version) is installed without a break */
  layer: number;
  /** Layer that last changed its version, when not the one that installed it */
  upgradedLayer?: number;
  /** Dockerfile line of `layer`, when a Dockerfile was given and the layer matched an instruction */
  line?: number;
  /** Bytes of the final tree's regular files this package owns (each file counted once across all packages) */
  bytes: number;
  /** Regular files counted in `bytes` */
  files: number;
  reason: PackageReason;
  /** A compiler, make, binutils, a `*-dev` headers package, or a package only such packages need */
  buildTool: boolean;
  /** Requested packages that pulled this one in (at most 3; absent for requested packages) */
  pulledBy?: string[];
  /** Python/npm: the OS package that installed this language package (its files count there) */
  installedBy?: string;
}

/** A package an earlier layer had and the final image does not. */
export interface RemovedPackage {
  ecosystem: Ecosystem;
  name: string;
  version: string;
  arch?: string;
  layer: number;
  removedLayer: number;
}

export interface PackageReport {
  /** Largest first */
  packages: PackageInfo[];
  removed: RemovedPackage[];
  /** Regular-file bytes of the final tree that no package owns (application, caches, copied files) */
  unownedBytes: number;
  unownedFiles: number;
  /** Σ of the packages' bytes (= final bytes − unowned bytes) */
  ownedBytes: number;
  /** Ecosystems whose database was found and read */
  ecosystems: Ecosystem[];
  /** One line per database that could not be read (its packages are left out, their bytes count as unowned) */
  warnings: string[];
}
