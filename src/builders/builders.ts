import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { daemonGet } from "../sources/transports/daemon-api.js";
import { daemonSockets } from "../sources/transports/daemon.js";
import { BuildError } from "./errors.js";

export type BuilderName = "docker" | "podman" | "buildah";
const BUILDERS: readonly BuilderName[] = ["docker", "podman", "buildah"];

/** What to build: the parts of a `docker build` command line that layerscope understands. */
export interface BuildRequest {
  context: string;
  dockerfile: string;
  target?: string;
  buildArgs: string[];
  tag?: string;
  /** Builder flags given after `--`, passed on as they are */
  extraArgs: string[];
  iidFile: string;
  /** Another .dockerignore than the context's (buildah and podman: --ignorefile; docker reads DOCKERFILE.dockerignore) */
  ignoreFile?: string;
  /** Build secrets, each from a file: `--secret id=ID,src=FILE` */
  secrets?: Array<{ id: string; file: string }>;
}

/** The builder's command line (without the program name). */
export function builderArgs(builder: BuilderName, request: BuildRequest): string[] {
  return [
    builder === "buildah" ? "bud" : "build",
    // buildah squashes all steps into one layer without --layers; docker and podman keep one layer per step
    ...(builder === "buildah" ? ["--layers"] : []),
    "--iidfile",
    request.iidFile,
    "-f",
    request.dockerfile,
    ...(request.target !== undefined ? ["--target", request.target] : []),
    ...request.buildArgs.flatMap((arg) => ["--build-arg", arg]),
    ...(request.ignoreFile !== undefined && builder !== "docker" ? ["--ignorefile", request.ignoreFile] : []),
    ...(request.secrets ?? []).flatMap((secret) => ["--secret", `id=${secret.id},src=${secret.file}`]),
    ...(request.tag !== undefined ? ["-t", request.tag] : []),
    ...request.extraArgs,
    request.context,
  ];
}

const STORAGE_FLAGS = ["--root", "--runroot", "--storage-driver", "--storage-opt"];

/**
 * The containers-storage flags among the pass-through builder flags (`--root DIR`, `--runroot=DIR`…): the command
 * that exports the built image must look in the same store.
 */
export function storageFlags(extraArgs: string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < extraArgs.length; i++) {
    const arg = extraArgs[i];
    const name = arg.split("=")[0];
    if (!STORAGE_FLAGS.includes(name)) continue;
    if (arg.includes("=")) found.push(arg);
    else if (i + 1 < extraArgs.length) found.push(arg, extraArgs[++i]);
  }
  return found;
}

/** `--builder NAME`, checked; without it the first builder that can work here: docker (its API answers), podman, buildah. */
export async function chooseBuilder(requested: string | undefined, env: NodeJS.ProcessEnv): Promise<BuilderName> {
  if (requested !== undefined) {
    const name = BUILDERS.find((b) => b === requested);
    if (name === undefined) throw new BuildError(`unknown builder "${requested}" (docker, podman or buildah)`);
    if (!onPath(name, env)) throw new BuildError(`--builder ${name}: ${name} is not installed (not found on PATH)`);
    if (name === "docker" && !(await dockerAnswers(env))) {
      throw new BuildError(`--builder docker: the Docker daemon does not answer (${env.DOCKER_HOST || "/var/run/docker.sock"})`);
    }
    return name;
  }
  const tried: string[] = [];
  if (!onPath("docker", env)) tried.push("docker: not installed");
  else if (!(await dockerAnswers(env))) tried.push("docker: its daemon does not answer");
  else return "docker";
  for (const name of ["podman", "buildah"] as const) {
    if (onPath(name, env)) return name;
    tried.push(`${name}: not installed`);
  }
  throw new BuildError(`no image builder found (${tried.join(", ")}); install Docker, Podman or Buildah (e.g. apt-get install buildah)`);
}

function onPath(program: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? "").split(delimiter).some((dir) => {
    if (dir === "") return false;
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Whether Docker's Engine API answers `/_ping` ($DOCKER_HOST, else /var/run/docker.sock). */
async function dockerAnswers(env: NodeJS.ProcessEnv): Promise<boolean> {
  try {
    const endpoints = daemonSockets("docker", {}, env);
    if (endpoints.length === 0) return false;
    const res = await daemonGet(endpoints[0], "/_ping", 5_000);
    res.resume();
    return res.statusCode === 200;
  } catch {
    return false;
  }
}
