import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const REALIMAGES = resolve(process.cwd(), "../shared/realimages");
export const LAB_PLAIN = process.env.LAB_REG_PLAIN ?? "127.0.0.1:5000";
export const LAB_AUTH = process.env.LAB_REG_AUTH ?? "127.0.0.1:5001";
export const LAB_USER = { username: "labuser", password: "labpass" };

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it right away). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

async function labStatus(): Promise<string> {
  const { stdout } = await run(join(REALIMAGES, "registry.sh"), ["status"]);
  return stdout;
}

async function hasTags(address: string, repository: string, tags: string[], auth?: string): Promise<boolean> {
  const headers: Record<string, string> = auth ? { authorization: `Basic ${Buffer.from(auth).toString("base64")}` } : {};
  const res = await fetch(`http://${address}/v2/${repository}/tags/list`, { headers }).catch(() => undefined);
  if (!res || res.status !== 200) return false;
  const body = (await res.json()) as { tags?: string[] };
  return tags.every((t) => body.tags?.includes(t));
}

/**
 * Starts the realimages registries (plain and basic-auth) unless they run, and pushes `names` when their tags
 * are missing. Returns a stop function that stops them only if this call started them.
 */
export async function useLabRegistries(names: string[]): Promise<() => Promise<void>> {
  const wasRunning = /plain: running/.test(await labStatus()) && /auth: running/.test(await labStatus());
  await run(join(REALIMAGES, "registry.sh"), ["start"], { timeout: 60_000 });
  const missing: string[] = [];
  for (const name of names) {
    const tags = name === "multiarch" ? ["latest", "v2s2list"] : ["oci", "v2s2"];
    const ok = (await hasTags(LAB_PLAIN, `lab/${name}`, tags)) && (await hasTags(LAB_AUTH, `lab/${name}`, tags, "labuser:labpass"));
    if (!ok) missing.push(name);
  }
  if (missing.length > 0) {
    for (const name of missing) await run(join(REALIMAGES, "images.sh"), ["path", name, "oci"], { timeout: 900_000 });
    await run(join(REALIMAGES, "registry.sh"), ["push", ...missing], { timeout: 900_000 });
  }
  return async () => {
    if (!wasRunning) await run(join(REALIMAGES, "registry.sh"), ["stop"], { timeout: 60_000 });
  };
}

export interface RunningRegistry {
  /** host:port */
  address: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts Debian's docker-registry on a free loopback port; `authYaml` is the config's `auth:` section, if any. */
export async function startRegistry(dir: string, dataDir: string, authYaml = ""): Promise<RunningRegistry> {
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const config = join(dir, `registry-${port}.yml`);
  writeFileSync(
    config,
    [
      "version: 0.1",
      "log:",
      "  level: error",
      "storage:",
      "  filesystem:",
      `    rootdirectory: ${dataDir}`,
      "  delete:",
      "    enabled: true",
      "http:",
      `  addr: ${address}`,
      "  secret: layerscope-test-not-a-secret",
      authYaml,
    ].join("\n") + "\n",
  );
  const child = spawn("docker-registry", ["serve", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  await waitUp(address, child, () => stderr);
  return { address, dataDir, stop: () => stopChild(child) };
}

async function waitUp(address: string, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr()}`);
    const res = await fetch(`http://${address}/v2/`).catch(() => undefined);
    if (res) {
      await res.body?.cancel();
      if (res.status === 200 || res.status === 401) return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopChild(child);
  throw new Error(`docker-registry did not come up on ${address}: ${stderr()}`);
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once("exit", () => done());
    child.kill("SIGTERM");
  });
}

/** skopeo copy of an OCI layout's image `refName` into a registry, byte for byte. */
export async function pushLayout(layout: string, target: string, refName = "latest"): Promise<void> {
  const args = ["--insecure-policy", "copy", "-q", "--dest-tls-verify=false", "--preserve-digests"];
  await run("skopeo", [...args, `oci:${layout}:${refName}`, `docker://${target}`], { timeout: 300_000 });
}
