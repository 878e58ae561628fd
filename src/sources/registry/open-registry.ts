import type { Readable } from "node:stream";
import { parseImageConfig, parseJson } from "../oci/config.js";
import { compressionOfMediaType, decodeLayerStream, detectedCompression, layerLabel, type Compression } from "../compression/decode.js";
import type { Descriptor, ImageManifest } from "../oci/manifest.js";
import { formatPlatform, hostPlatform, parsePlatform, platformMatches, type Platform } from "../oci/platform.js";
import { formatReference, manifestSelector, type ImageReference } from "../reference.js";
import { type ImageSource, type LayerBlob, type OpenImageOptions } from "../types.js";
import { RegistryClient, type FetchedManifest } from "./client.js";
import { credentialsFromDockerConfig, dockerConfigDir, type Credentials } from "./credentials.js";
import { LayerPrefetch } from "./layer-prefetch.js";
import { selectPlatform } from "./platform.js";
import { parseRegistryDocument } from "./registry-manifest.js";
import { OciLayoutWriter } from "./save-layout.js";
import { DEFAULT_TRANSPORT, type TransportOptions } from "./transport.js";
import { ImageError } from "../../errors.js";

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
export async function openRegistryImage(ref: ImageReference, reference: string, options: OpenImageOptions & RegistryOptions = {}): Promise<ImageSource> {
  const client = registryClient(ref, options);
  const where = formatReference(ref);
  const wanted = options.platform ? parsePlatform(options.platform) : hostPlatform();
  if (ref.digest && !ref.digest.startsWith("sha256:")) throw new ImageError(`${where}: only sha256 digests are supported`);
  const { fetched, image, chosen } = await fetchManifest(client, ref, wanted);
  // a platform asked for and not chosen in an index: the image's config must be of that platform
  const { config, configBytes } = await fetchConfig(client, where, image, options.platform && !chosen ? wanted : undefined);

  const saver = options.saveDir ? await startSave(options.saveDir, fetched, image, configBytes) : undefined;
  const prefetchBytes = options.prefetchBytes ?? DEFAULT_PREFETCH_BYTES;
  const openRaw = (index: number, ahead: boolean): Readable => {
    const layer = image.layers[index];
    const raw = client.openBlob(layer.digest, layer.size, `${where}: ${layerLabel(index, layer.digest)}`, ahead ? prefetchBytes : undefined);
    return saver ? saver.tee(layer.digest, raw) : raw;
  };
  const prefetch = new LayerPrefetch(image.layers.length, options.prefetchLayers ?? DEFAULT_PREFETCH, openRaw);
  // a partial read (cat, extract) reads its layer only: nothing is fetched ahead
  const openLayer = (index: number, partial: boolean): Readable => (partial && !saver ? openRaw(index, false) : prefetch.take(index));

  return {
    reference,
    format: "registry",
    name: where,
    manifestDigest: fetched.digest,
    ...(image.annotations ? { annotations: image.annotations } : {}),
    config,
    layers: image.layers.map((layer, index) => registryLayer(layer, index, config.diffIds[index], where, openLayer)),
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

/** A client for the image's repository: the credentials given, else those of docker's config.json. */
function registryClient(ref: ImageReference, options: RegistryOptions): RegistryClient {
  const explicit = explicitCredentials(options);
  const configDir = options.dockerConfigDir ?? dockerConfigDir();
  return new RegistryClient(ref.registry, ref.repository, {
    insecure: options.insecure,
    credentials: explicit,
    findCredentials: () => credentialsFromDockerConfig(ref.registry, configDir),
    transport: { ...DEFAULT_TRANSPORT, ...options.transport },
  });
}

/**
 * The image's manifest: the one the reference names, or through its index (nested up to MAX_INDEX_DEPTH) the one for
 * the `wanted` platform; `chosen` is the index entry taken, if any.
 */
async function fetchManifest(
  client: RegistryClient,
  ref: ImageReference,
  wanted: Platform,
): Promise<{ fetched: FetchedManifest; image: ImageManifest; chosen?: Descriptor }> {
  const where = formatReference(ref);
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
  return { fetched, image: document.manifest, chosen };
}

/** The image's config, checked against the manifest (one diff id per layer) and against `platform` when given. */
async function fetchConfig(client: RegistryClient, where: string, image: ImageManifest, platform: Platform | undefined) {
  const configBytes = await client.getSmallBlob(image.config.digest, MAX_CONFIG_BYTES, `${where}: config`);
  const config = parseImageConfig(parseJson(configBytes, `${where}: config`), `${where}: config`, image.config.digest);
  const actual = { os: config.os ?? "", architecture: config.architecture ?? "", variant: config.variant };
  if (platform && !platformMatches(platform, actual)) {
    throw new ImageError(`${where}: the image is ${formatPlatform(actual)}, not ${formatPlatform(platform)}`);
  }
  if (config.diffIds.length !== image.layers.length) {
    throw new ImageError(`${where}: the manifest has ${image.layers.length} layers but the config ${config.diffIds.length} diff ids`);
  }
  return { config, configBytes };
}

/** One layer of the image, read as a decoded stream from `openLayer`; its compression is the one found while reading. */
function registryLayer(layer: Descriptor, index: number, diffId: string, where: string, openLayer: (index: number, partial: boolean) => Readable): LayerBlob {
  let sniffed: Compression | undefined;
  return {
    index,
    digest: layer.digest,
    verifiedDigest: layer.digest,
    diffId,
    mediaType: layer.mediaType,
    blobSize: layer.size,
    async open(options) {
      const raw = openLayer(index, options?.partial === true);
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
