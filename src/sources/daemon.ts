import { existsSync } from "node:fs";
import { join } from "node:path";
import { daemonErrorMessage, daemonGet, isUnreachable, parseDaemonHost, type DaemonEndpoint } from "./daemon-api.js";
import { StreamedArchive } from "./daemon-archive.js";
import { dockerArchiveSource } from "./streamed-docker-archive.js";
import { ImageError, type ImageSource, type OpenImageOptions } from "./types.js";

export type DaemonKind = "docker" | "podman";

export interface DaemonOptions {
  /** Docker's Engine API: `unix:///path`, a socket path or `tcp://host:port` (default $DOCKER_HOST, else /var/run/docker.sock) */
  dockerHost?: string;
  /** Podman's Docker-compatible API (default $CONTAINER_HOST, else /run/podman/podman.sock, else $XDG_RUNTIME_DIR/podman/podman.sock) */
  podmanHost?: string;
  /** Wait for the daemon's first answer (default 120 s: an export can take a while to start) */
  daemonTimeoutMs?: number;
}

const DEFAULT_TIMEOUT = 120_000;
export const DAEMON_NAMES: Record<DaemonKind, string> = { docker: "Docker", podman: "Podman" };

/** The API endpoints to try for a daemon kind; in automatic mode only sockets that exist are tried. */
export function daemonSockets(kind: DaemonKind, options: DaemonOptions, env: NodeJS.ProcessEnv = process.env): DaemonEndpoint[] {
  const given = kind === "docker" ? options.dockerHost ?? env.DOCKER_HOST : options.podmanHost ?? env.CONTAINER_HOST;
  if (given) return [parseDaemonHost(given)];
  const paths =
    kind === "docker"
      ? ["/var/run/docker.sock"]
      : ["/run/podman/podman.sock", ...(env.XDG_RUNTIME_DIR ? [join(env.XDG_RUNTIME_DIR, "podman", "podman.sock")] : [])];
  return paths.filter((p) => existsSync(p)).map((p) => parseDaemonHost(p));
}

/**
 * Reads an image from a local daemon through `GET /images/{name}/get` (a docker-save tar stream).
 * `required`: an unreachable daemon or a missing image is an error; otherwise both give undefined.
 */
export async function openDaemonImage(reference: string, kind: DaemonKind, options: OpenImageOptions & DaemonOptions, required: true): Promise<ImageSource>;
export async function openDaemonImage(
  reference: string,
  kind: DaemonKind,
  options: OpenImageOptions & DaemonOptions,
  required: boolean,
): Promise<ImageSource | undefined>;
export async function openDaemonImage(
  reference: string,
  kind: DaemonKind,
  options: OpenImageOptions & DaemonOptions,
  required: boolean,
): Promise<ImageSource | undefined> {
  const endpoints = daemonSockets(kind, options);
  const timeout = options.daemonTimeoutMs ?? DEFAULT_TIMEOUT;
  if (endpoints.length === 0) {
    if (!required) return undefined;
    throw new ImageError(`cannot find the ${DAEMON_NAMES[kind]} daemon's socket (${kind === "docker" ? "set DOCKER_HOST" : "start podman system service, or set CONTAINER_HOST"})`);
  }
  const endpoint = endpoints[0];
  const name = encodeURI(reference).replace(/[?#]/g, encodeURIComponent);
  const where = `${reference} (${DAEMON_NAMES[kind]} at ${endpoint.label})`;
  let probe;
  try {
    probe = await daemonGet(endpoint, `/images/${name}/json`, timeout);
  } catch (err) {
    if (!required && isUnreachable(err)) return undefined;
    if (err instanceof ImageError) throw err;
    throw new ImageError(`cannot reach the ${DAEMON_NAMES[kind]} daemon at ${endpoint.label} (${(err as { code?: string }).code ?? (err as Error).message})`);
  }
  if (probe.statusCode === 404) {
    probe.resume();
    if (!required) return undefined;
    throw new ImageError(`${where}: no such image in the daemon`);
  }
  if (probe.statusCode !== 200) throw new ImageError(`${where}: ${await daemonErrorMessage(probe)}`);
  probe.resume();

  const openExport = async () => {
    const res = await daemonGet(endpoint, `/images/${name}/get`, timeout);
    if (res.statusCode !== 200) throw new ImageError(`${where}: export failed: ${await daemonErrorMessage(res)}`);
    return res;
  };
  const archive = await StreamedArchive.index(openExport, where);
  return dockerArchiveSource(archive, reference, where, options, "daemon");
}
