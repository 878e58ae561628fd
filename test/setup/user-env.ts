import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Settings of the user's shell (or of a CI service) that would change what the CLI under test or the tools the
 * tests drive do: CI mode, where they find daemons, registry credentials, stores, caches and colours. Removed from
 * the test run's environment, so that a developer's DOCKER_HOST or ~/.docker/config.json cannot change a result;
 * tests that need one set it themselves. (vitest's own process has read CI already.)
 */
const USER_SETTINGS = [
  "CI",
  "DOCKER_HOST",
  "DOCKER_CONFIG",
  "DOCKER_CONTEXT",
  "CONTAINER_HOST",
  "CONTAINERD_ADDRESS",
  "CONTAINERD_NAMESPACE",
  "REGISTRY_AUTH_FILE",
  "CONTAINERS_CONF",
  "CONTAINERS_STORAGE_CONF",
  "CONTAINERS_REGISTRIES_CONF",
  "XDG_CACHE_HOME",
  "XDG_DATA_HOME",
  "XDG_RUNTIME_DIR",
  "NO_COLOR",
  "FORCE_COLOR",
  "LAYERSCOPE_CACHE_MAX",
  "LAYERSCOPE_CODE_CACHE",
  "LAYERSCOPE_DEBUG",
];

/**
 * Clears the user's settings from `env` (process.env of the global setup, which the workers inherit) and points
 * the places the CLI writes to or reads credentials from into `runDir`: a Docker config without credentials and a
 * cache of the run's own (the CLI caches layers and its code under $XDG_CACHE_HOME).
 */
export function isolateUserEnv(env: NodeJS.ProcessEnv, runDir: string): void {
  for (const name of USER_SETTINGS) delete env[name];
  env.DOCKER_CONFIG = join(runDir, "docker-config");
  env.XDG_CACHE_HOME = join(runDir, "cache");
  mkdirSync(env.DOCKER_CONFIG, { recursive: true });
  // a config.json with no credentials: buildah refuses a DOCKER_CONFIG directory without one ("checking authfile")
  writeFileSync(join(env.DOCKER_CONFIG, "config.json"), '{ "auths": {} }\n');
  mkdirSync(env.XDG_CACHE_HOME, { recursive: true });
}
