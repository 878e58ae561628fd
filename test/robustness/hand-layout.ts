import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * An OCI layout written by hand, document by document, so that a test can give any descriptor any digest, size or
 * algorithm, and replace any file by a symlink, a FIFO or a sparse file afterwards.
 */
export interface HandLayout {
  dir: string;
  /** Path of a blob file inside the layout */
  blobFile(digest: string): string;
  manifestDigest: string;
  layerDigests: string[];
}

export interface LayerSpec {
  /** The blob's bytes */
  blob: Buffer;
  /** Digest written in the manifest (default: sha256 of blob); the blob is stored under it */
  digest?: string;
  /** Size written in the manifest (default: the blob's length) */
  size?: number;
}

export function digestOf(data: Buffer, algorithm: "sha256" | "sha512" = "sha256"): string {
  return `${algorithm}:${createHash(algorithm).update(data).digest("hex")}`;
}

export function writeHandLayout(layers: LayerSpec[], options: { dir?: string; indexJson?: (manifest: object) => object } = {}): HandLayout {
  const dir = options.dir ?? join(mkdtempSync(join(tmpdir(), "layerscope-hand-")), "layout");
  const blobFile = (digest: string) => join(dir, "blobs", ...digest.split(":"));
  const written = new Set<string>();
  const put = (data: Buffer, digest = digestOf(data)) => {
    if (written.has(digest)) return digest;
    written.add(digest);
    mkdirSync(join(blobFile(digest), ".."), { recursive: true });
    writeFileSync(blobFile(digest), data);
    return digest;
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "oci-layout"), '{"imageLayoutVersion":"1.0.0"}');
  const layerDescriptors = layers.map((layer) => ({
    mediaType: "application/vnd.oci.image.layer.v1.tar",
    digest: put(layer.blob, layer.digest),
    size: layer.size ?? layer.blob.length,
  }));
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      rootfs: { type: "layers", diff_ids: layers.map((l) => digestOf(l.blob)) },
      history: layers.map((_, i) => ({ created_by: `layer ${i}` })),
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: put(config), size: config.length },
      layers: layerDescriptors,
    }),
  );
  const manifestDigest = put(manifest);
  const descriptor = { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: manifestDigest, size: manifest.length };
  const index = options.indexJson?.(descriptor) ?? { schemaVersion: 2, manifests: [descriptor] };
  writeFileSync(join(dir, "index.json"), JSON.stringify(index));
  return { dir, blobFile, manifestDigest, layerDigests: layerDescriptors.map((d) => d.digest) };
}

/** Writes a JSON document as a blob of the layout; returns its descriptor. */
export function putDocument(layout: HandLayout, mediaType: string, document: object): { mediaType: string; digest: string; size: number } {
  const data = Buffer.from(JSON.stringify(document));
  const digest = digestOf(data);
  mkdirSync(join(layout.blobFile(digest), ".."), { recursive: true });
  writeFileSync(layout.blobFile(digest), data);
  return { mediaType, digest, size: data.length };
}
