import type { TarInput } from "../tar/byte-reader.js";

export type Compression = "gzip" | "zstd" | "none";
/** What the reports show: eStargz is gzip whose table of contents makes files readable without a full pull */
export type LayerCompression = Compression | "estargz";

/** One entry of the image config's `history`, normalised. */
export interface HistoryEntry {
  created?: string;
  createdBy: string;
  comment?: string;
  emptyLayer: boolean;
}

/** What layerscope needs from an image config blob. */
export interface ImageConfigInfo {
  /** sha256:… of the config blob when known */
  digest?: string;
  os?: string;
  architecture?: string;
  variant?: string;
  created?: string;
  /** rootfs.diff_ids, one per layer, bottom first */
  diffIds: string[];
  history: HistoryEntry[];
  env: string[];
  labels: Record<string, string>;
  /** The parsed config JSON as found, for reports that want more */
  raw: unknown;
}

/**
 * How the uncompressed tar bytes of a layer can be read (the tar reader's input). Digest verification of a stream,
 * when asked for, happens inside the stream: a mismatch makes the stream emit an error at its end.
 */
export type LayerData = TarInput;

export interface OpenLayerOptions {
  /** Verify the blob's digest even when that forces a full read of an uncompressed local file. */
  verifyAll?: boolean;
  /**
   * The reader wants a few members' bytes, not the whole layer (cat, extract, the viewer): a source may then hand an
   * uncompressed blob stored in a local file as a seekable region, unchecked, and fetches no other layer ahead.
   */
  partial?: boolean;
}

export interface LayerBlob {
  /** 0 = the bottom layer */
  index: number;
  /** The digest that names this layer: the manifest's blob digest, or the diff id for docker archives */
  digest: string;
  diffId?: string;
  mediaType?: string;
  /** Size of the stored blob (compressed size for compressed layers), when known */
  blobSize?: number;
  /**
   * The digest this layer's bytes are always checked against as they are read, when there is one. The layer cache
   * keys on it only: an unchecked name (a legacy archive's diff id) could be claimed by a crafted archive.
   */
  verifiedDigest?: string;
  /**
   * Where the blob's bytes are stored, for a blob kept in a local file: `dev:ino:size:mtime_ns:ctime_ns` of that file
   * (and the member's place in an archive). Any write to the file changes it (ctime cannot be set back by a user),
   * so a blob verified once under an identity is still the same bytes while the identity holds.
   */
  fileIdentity?(): Promise<string | undefined>;
  /** Checks the stored bytes against `verifiedDigest` without decompressing them; a mismatch is an ImageError. */
  verifyBlob?(): Promise<void>;
  /**
   * The blob's compression: sniffed from its first bytes when this run read it or can read them cheaply, else as
   * its media type declares it; undefined when neither is known. eStargz is told by the descriptor's annotation here,
   * and by the table of contents among the layer's entries in the scan.
   */
  detectCompression?(): Promise<LayerCompression | undefined>;
  /** Dive 0.13.1 reads this layer as empty (a member of a docker archive that is a symlink in the outer tar) */
  diveReadsEmpty?: boolean;
  open(options?: OpenLayerOptions): Promise<LayerData>;
}

export type SourceFormat = "docker-archive" | "oci-layout" | "oci-archive" | "registry" | "daemon" | "dir" | "containers-storage" | "containerd";

/** A readable image: config plus ordered layers. Every source (archive, layout, registry, daemon) gives one. */
export interface ImageSource {
  /** The reference as the user gave it */
  reference: string;
  format: SourceFormat;
  /** Tag or name chosen inside the archive/layout when there is one (e.g. `app:1.0`, `latest`) */
  name?: string;
  /** Digest of the manifest when there is one */
  manifestDigest?: string;
  /** The manifest's annotations, when the format keeps them (OCI: `org.opencontainers.image.base.name`…) */
  annotations?: Record<string, string>;
  config: ImageConfigInfo;
  layers: LayerBlob[];
  close(): Promise<void>;
}

export interface OpenImageOptions {
  /** Pick an image by tag/name inside a multi-image archive or layout */
  tag?: string;
  /** os/arch[/variant] */
  platform?: string;
  /** Force a source kind */
  source?: string;
}

/**
 * Ends the identity of a blob file changed within the last seconds (see LayerBlob.fileIdentity): file timestamps
 * are as coarse as the kernel's clock tick, so a second write soon after may leave them as they are. Such an
 * identity is never remembered as verified.
 */
export const RECENT_IDENTITY = ":recent";

/** An error whose message is fit to print as the one line a user sees (exit status 2). */
export class ImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImageError";
  }
}
