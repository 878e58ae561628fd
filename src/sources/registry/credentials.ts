import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { DOCKER_HUB } from "../reference.js";
import { ImageError } from "../../errors.js";

export type Credentials = { username: string; password: string } | { identityToken: string };

/** Where docker keeps the Hub's credentials, and the name its credential helpers know it by */
const HUB_KEY = "https://index.docker.io/v1/";
const HUB_ALIASES = new Set(["index.docker.io", "docker.io", "registry-1.docker.io"]);

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** `~/.docker`, or `$DOCKER_CONFIG` */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || join(homedir(), ".docker");
}

/** The host a config.json key names: `https://index.docker.io/v1/` → `docker.io`, `http://r:5000/x` → `r:5000`. */
function keyHost(key: string): string {
  const host = key
    .replace(/^[a-z]+:\/\//i, "")
    .split("/")[0]
    .toLowerCase();
  return HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

/**
 * Credentials for a registry from docker's config.json, the way docker finds them: a `credHelpers` entry for
 * the host, else `credsStore`, else an `auths` entry. Undefined when there are none.
 */
export async function credentialsFromDockerConfig(registry: string, configDir: string): Promise<Credentials | undefined> {
  const file = join(configDir, "config.json");
  let config: DockerConfigFile;
  try {
    config = JSON.parse(await readFile(file, "utf8")) as DockerConfigFile;
  } catch (err) {
    if ((err as { code?: unknown }).code === "ENOENT") return undefined;
    throw new ImageError(`${file}: cannot read docker's config (${err instanceof SyntaxError ? "invalid JSON" : String((err as Error).message)})`);
  }
  const host = keyHost(registry);
  const helperEntry = Object.entries(config.credHelpers ?? {}).find(([key]) => keyHost(key) === host);
  const helper = helperEntry?.[1] ?? config.credsStore;
  if (helper) {
    const fromHelper = await credentialsFromHelper(helper, host === DOCKER_HUB ? HUB_KEY : host);
    if (fromHelper) return fromHelper;
  }
  const entry = Object.entries(config.auths ?? {}).find(([key]) => keyHost(key) === host)?.[1];
  if (!entry) return undefined;
  if (entry.identitytoken) return { identityToken: entry.identitytoken };
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  if (entry.auth) {
    // as docker does, an entry it cannot use is an error: passed over, it read as "authentication required"
    const decoded = /^[A-Za-z0-9+/]*={0,2}$/.test(entry.auth) ? Buffer.from(entry.auth, "base64").toString("utf8") : "";
    const colon = decoded.indexOf(":");
    if (colon <= 0) throw new ImageError(`${file}: the auths entry for ${host} is not base64 of user:password (run docker login again)`);
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return undefined;
}

/** Runs `docker-credential-NAME get`; a helper that knows no credentials for the server gives undefined. */
function credentialsFromHelper(name: string, serverUrl: string): Promise<Credentials | undefined> {
  const program = `docker-credential-${name}`;
  return new Promise((resolve, reject) => {
    const child = execFile(program, ["get"], { timeout: 20_000, maxBuffer: 1 << 20 }, (err, stdout) => {
      if (err) {
        const code = (err as { code?: unknown }).code;
        if (code === "ENOENT") return reject(new ImageError(`credential helper ${program} is not installed`));
        // Helpers exit non-zero with "credentials not found" for an unknown server.
        if (/not found/i.test(stdout) || typeof code === "number") return resolve(undefined);
        return reject(new ImageError(`credential helper ${program} failed`));
      }
      try {
        const answer = JSON.parse(stdout) as { Username?: string; Secret?: string };
        if (!answer.Secret) return resolve(undefined);
        if (answer.Username === "<token>") return resolve({ identityToken: answer.Secret });
        resolve({ username: answer.Username ?? "", password: answer.Secret });
      } catch {
        reject(new ImageError(`credential helper ${program} gave an answer that is not JSON`));
      }
    });
    child.stdin?.end(serverUrl);
  });
}
