import type { BlobStore } from "./blob-store.js";
import { blobReadError, checkBlobDigest, compressionOfMediaType, decodeLayerStream, detectedCompression, layerLabel, sniffStream, type Compression } from "./decode.js";
import type { ResolvedImage } from "./oci-resolve.js";
import type { ImageSource, LayerBlob, SourceFormat } from "./types.js";
import { ImageError } from "./types.js";

/** An ImageSource over a resolved OCI manifest. Every layer blob is streamed and digest-checked. */
export async function ociImageSource(
  store: BlobStore,
  resolved: ResolvedImage,
  reference: string,
  format: SourceFormat,
  close: () => Promise<void> = async () => undefined,
): Promise<ImageSource> {
  const layers: LayerBlob[] = [];
  for (const [index, descriptor] of resolved.manifest.layers.entries()) {
    const label = layerLabel(index, descriptor.digest);
    if (!(await store.hasBlob(descriptor.digest))) throw new ImageError(`${label}: missing blob in ${store.where}`);
    const diffId = resolved.config.diffIds[index];
    let sniffed: Compression | undefined;
    layers.push({
      index,
      digest: descriptor.digest,
      verifiedDigest: descriptor.digest,
      ...(diffId !== undefined ? { diffId } : {}),
      mediaType: descriptor.mediaType,
      ...(descriptor.size !== undefined ? { blobSize: descriptor.size } : {}),
      async open(options) {
        const region = options?.partial ? await store.blobRegion?.(descriptor.digest) : undefined;
        if (region) return { kind: "file", ...region };
        const stream = await decodeLayerStream(store.openBlob(descriptor.digest, descriptor.size), {
          expectedDigest: descriptor.digest,
          label,
          onCompression: (found) => (sniffed = found),
        });
        return { kind: "stream", stream };
      },
      ...(store.blobIdentity ? { fileIdentity: () => store.blobIdentity!(descriptor.digest) } : {}),
      async verifyBlob() {
        if (!store.hashBlob) return checkBlobDigest(store.openBlob(descriptor.digest, descriptor.size), descriptor.digest, label);
        let actual: string;
        try {
          actual = await store.hashBlob(descriptor.digest, descriptor.size);
        } catch (err) {
          throw blobReadError(err, label);
        }
        if (actual !== descriptor.digest) throw new ImageError(`${label}: digest mismatch: expected ${descriptor.digest}, got ${actual}`);
      },
      async detectCompression() {
        sniffed ??= await (store.sniffBlob ? store.sniffBlob(descriptor.digest) : sniffStream(store.openBlob(descriptor.digest, descriptor.size))).catch(
          () => undefined,
        );
        const declared = compressionOfMediaType(descriptor.mediaType, descriptor.annotations);
        return detectedCompression(sniffed, declared);
      },
    });
  }
  return {
    reference,
    format,
    ...(resolved.name !== undefined ? { name: resolved.name } : {}),
    manifestDigest: resolved.manifestDigest,
    ...(resolved.manifest.annotations ? { annotations: resolved.manifest.annotations } : {}),
    config: resolved.config,
    layers,
    close,
  };
}
