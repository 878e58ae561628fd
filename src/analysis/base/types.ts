/**
 * How the layers that came with the base image were told from the image's own:
 * - `base-image`: the base image was read and its layers (diff ids) are the image's first layers;
 * - `annotation`: the manifest records the base (`org.opencontainers.image.base.name`) as none (`FROM scratch`);
 * - `history`: the builder marked the first instruction of the image's own stage (buildah's `FROM name` comment);
 * - `dockerfile`: the final stage's layer-making instructions (RUN, COPY, ADD) counted back from the top;
 * - `none`: nothing told; every layer counts as the image's own.
 */
export type BaseEvidence = "base-image" | "annotation" | "history" | "dockerfile" | "none";

/** Figures of one side of the split: the image's own layers, or the inherited ones. */
export interface SideFigures {
  layers: number;
  /** Σ of the layers' regular-file bytes */
  sizeBytes: number;
  /** Σ of the layers' blob sizes, when every one is known */
  blobBytes?: number;
  /** Waste whose bytes sit in these layers (shadowed, deleted and junk) */
  wastedBytes: number;
  shadowedBytes: number;
  deletedBytes: number;
  junkBytes: number;
  /** Installed packages first installed by these layers, and their bytes in the final tree */
  packages: number;
  packageBytes: number;
}

/** The image's split into what its Dockerfile added ("yours") and what came with `FROM` ("inherited"). */
export interface BaseFigures {
  evidence: BaseEvidence;
  /** The base image as named (`--base`, the Dockerfile's `FROM`, the manifest annotation), when one is */
  name?: string;
  /** The base's manifest digest when it was read, else the annotation's */
  digest?: string;
  /** Layers 0 … inheritedLayers − 1 came with the base */
  inheritedLayers: number;
  /** One line: what was compared and what was found */
  detail: string;
  yours: SideFigures;
  inherited: SideFigures;
}

/** A base image as read for the comparison of layer digests. */
export interface BaseImageRead {
  /** The reference that was opened */
  reference: string;
  /** Where the name came from */
  from: "option" | "dockerfile" | "annotation" | "config";
  diffIds: string[];
  manifestDigest?: string;
}

/** A base image named but not readable. */
export interface BaseImageMissing {
  reference: string;
  from: BaseImageRead["from"];
  error: string;
}
