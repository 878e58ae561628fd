import type { Readable } from "node:stream";
import { parseImageConfig, parseJson } from "../config.js";
import { compressionOfMediaType, decodeLayerStream, detectedCompression, layerLabel, type Compression } from "../decode.js";
import type { Descriptor, ImageManifest } from "../manifest.js";
import { formatPlatform, hostPlatform, parsePlatform, platformMatches } from "../platform.js";
import { formatReference, manifestSelector, type ImageReference } from "../reference.js";
import { ImageError, type ImageSource, type LayerBlob, type OpenImageOptions } from "../types.js";
import { RegistryClient, type FetchedManifest } from "./client.js";
import { credentialsFromDockerConfig, dockerConfigDir, type Credentials } from "./credentials.js";
import { LayerPrefetch } from "./layer-prefetch.js";
import { selectPlatform } from "./platform.js";
import { parseRegistryDocument } from "./registry-manifest.js";
import { OciLayoutWriter } from "./save-layout.js";
import { DEFAULT_TRANSPORT, type TransportOptions } from "./transport.js";

/** What a registry pull needs beyond OpenImageOptions (CLI: --username, --password-stdin, --insecure, --save). */
export interface RegistryOptions {
  username?: string;
  password?: string;
  /** Plain HTTP for any registry (localhost and 127.0.0.0/8 always use it) */
  insecure?: boolean;
  /** Also write what is pulled as an OCI layout in this directory */
  saveDir?: string;
  /** Where docker's config.json is (default $DOCKER_CONFIG, else ~/.docker) */
  dockerConfigDir?: string;
  /** Retry, timeout and redirect limits */
  transport?: Partial<TransportOptions>;
  /** Layers downloaded ahead of the one being read (default 2) */
  prefetchLayers?: number;
  /** Bytes each layer downloaded ahead may buffer before it waits for its reader (default 16 MiB) */
  prefetchBytes?: number;
}

const MAX_CONFIG_BYTES = 32 << 20;
const MAX_INDEX_DEPTH = 3;
const DEFAULT_PREFETCH = 2;
const DEFAULT_PREFETCH_BYTES = 16 << 20;

/** Opens an image in a registry: manifest (through an index when there is one), config, streamed layers. */
export async function openRegistryImage(
  ref: ImageReference,
  reference: string,
  options: OpenImageOptions & RegistryOptions = {},
): Promise<ImageSource> {
  const transport = { ...DEFAULT_TRANSPORT, ...options.transport };
  const explicit = explicitCredentials(options);
  const configDir = options.dockerConfigDir ?? dockerConfigDir();
  const client = new RegistryClient(ref.registry, ref.repository, {
    insecure: options.insecure,
    credentials: explicit,
    findCredentials: () => credentialsFromDockerConfig(ref.registry, configDir),
    transport,
  });
  const where = formatReference(ref);
  const wanted = options.platform ? parsePlatform(options.platform) : hostPlatform();

  if (ref.digest && !ref.digest.startsWith("sha256:")) throw new ImageError(`${where}: only sha256 digests are supported`);

  let fetched = await client.getManifest(manifestSelector(ref), where);
  let document = parseRegistryDocument(fetched.bytes, fetched.contentType, where);
  let chosen: Descriptor | undefined;
  for (let depth = 0; document.kind === "index"; depth++) {
    if (depth >= MAX_INDEX_DEPTH) throw new ImageError(`${where}: image indexes nested too deeply`);
    chosen = selectPlatform(document.manifests, wanted, where);
    const label = `${where} (${formatPlatform(chosen.platform)})`;
    fetched = await client.getManifest(chosen.digest, label);
    document = parseRegistryDocument(fetched.bytes, fetched.contentType, label);
  }
  const image: ImageManifest = document.manifest;

  const configBytes = await client.getSmallBlob(image.config.digest, MAX_CONFIG_BYTES, `${where}: config`);
  const config = parseImageConfig(parseJson(configBytes, `${where}: config`), `${where}: config`, image.config.digest);
  const actual = { os: config.os ?? "", architecture: config.architecture ?? "", variant: config.variant };
  if (options.platform && !chosen && !platformMatches(wanted, actual)) {
    throw new ImageError(`${where}: the image is ${formatPlatform(actual)}, not ${formatPlatform(wanted)}`);
  }
  if (config.diffIds.length !== image.layers.length) {
    throw new ImageError(`${where}: the manifest has ${image.layers.length} layers but the config ${config.diffIds.length} diff ids`);
  }

  const saver = options.saveDir ? await startSave(options.saveDir, fetched, image, configBytes) : undefined;
  const prefetchBytes = options.prefetchBytes ?? DEFAULT_PREFETCH_BYTES;
  const openRaw = (index: number, ahead: boolean): Readable => {
    const layer = image.layers[index];
    const raw = client.openBlob(layer.digest, layer.size, `${where}: ${layerLabel(index, layer.digest)}`, ahead ? prefetchBytes : undefined);
    return saver ? saver.tee(layer.digest, raw) : raw;
  };
  const prefetch = new LayerPrefetch(image.layers.length, options.prefetchLayers ?? DEFAULT_PREFETCH, openRaw);

  const layers: LayerBlob[] = image.layers.map((layer, index) => {
    let sniffed: Compression | undefined;
    return {
    index,
    digest: layer.digest,
    verifiedDigest: layer.digest,
    diffId: config.diffIds[index],
    mediaType: layer.mediaType,
    blobSize: layer.size,
    async open(options) {
      // a partial read (cat, extract) reads this layer only: nothing is fetched ahead
      const raw = options?.partial && !saver ? openRaw(index, false) : prefetch.take(index);
      const label = `${where}: ${layerLabel(index, layer.digest)}`;
      const stream = await decodeLayerStream(raw, { expectedDigest: layer.digest, label, onCompression: (found) => (sniffed = found) });
      return { kind: "stream", stream };
    },
    // a layer taken from the cache is not downloaded: its media type tells then
    async detectCompression() {
      const declared = compressionOfMediaType(layer.mediaType, layer.annotations);
      return detectedCompression(sniffed, declared);
    },
    };
  });

  return {
    reference,
    format: "registry",
    name: where,
    manifestDigest: fetched.digest,
    ...(image.annotations ? { annotations: image.annotations } : {}),
    config,
    layers,
    async close() {
      prefetch.close();
      if (saver) {
        const descriptor: Descriptor = { mediaType: image.mediaType, digest: fetched.digest, size: fetched.bytes.length, annotations: {} };
        if (chosen?.platform) descriptor.platform = chosen.platform;
        const blobs = [image.config.digest, ...image.layers.map((l) => l.digest)];
        await saver.finish(descriptor, blobs, ref.tag);
      }
    },
  };
}

function explicitCredentials(options: RegistryOptions): Credentials | undefined {
  if (options.username === undefined && options.password === undefined) return undefined;
  if (!options.username || options.password === undefined) {
    throw new ImageError("--username and --password-stdin go together");
  }
  return { username: options.username, password: options.password };
}

async function startSave(dir: string, manifest: FetchedManifest, image: { config: Descriptor }, config: Buffer): Promise<OciLayoutWriter> {
  const saver = await OciLayoutWriter.create(dir);
  await saver.writeBlob(manifest.digest, manifest.bytes);
  await saver.writeBlob(image.config.digest, config);
  return saver;
}
