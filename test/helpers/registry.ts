import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { integrationOnly } from "./project.js";
import { realImage } from "./realimages.js";

const run = promisify(execFile);
const REALIMAGES = resolve(process.cwd(), "../shared/realimages");
/** The run's lab registries (host:port), chosen by the global setup (test/setup/integration.ts) */
export const LAB_PLAIN = process.env.LAB_REG_PLAIN ?? "127.0.0.1:5000";
export const LAB_AUTH = process.env.LAB_REG_AUTH ?? "127.0.0.1:5001";
export const LAB_USER = { username: "labuser", password: "labpass" };

/** `count` distinct free TCP ports on 127.0.0.1 (free when asked; the caller binds them right away). */
async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((done, fail) => {
          server.on("error", fail);
          server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            done(typeof address === "object" && address ? address.port : 0);
          });
        }),
    ),
  );
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  return ports;
}

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it right away). */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0];
}

function registryScript(args: string[], timeout: number): Promise<{ stdout: string; stderr: string }> {
  return run(join(REALIMAGES, "registry.sh"), args, { timeout, env: process.env });
}

/** The last line a failed command wrote to stderr (or of an error's message): the scripts end with their reason. */
export function lastLine(error: unknown): string {
  const text = String((error as { stderr?: unknown }).stderr ?? "").trim() || (error instanceof Error ? error.message : String(error));
  return text.split("\n").filter((l) => l.trim() !== "").pop() ?? "no message";
}

async function hasTags(address: string, repository: string, tags: string[], auth?: string): Promise<boolean> {
  const headers: Record<string, string> = auth ? { authorization: `Basic ${Buffer.from(auth).toString("base64")}` } : {};
  const res = await fetch(`http://${address}/v2/${repository}/tags/list`, { headers }).catch(() => undefined);
  if (!res || res.status !== 200) return false;
  const body = (await res.json()) as { tags?: string[] };
  return tags.every((t) => body.tags?.includes(t));
}

/**
 * The lab registries (plain and basic-auth) of this run: two ports the OS calls free and a registry directory of
 * the run's own (`REG_DIR`), so that two suites on one machine, or a registry of the user's on port 5000, never
 * meet. Sets LAB_REG_PLAIN / LAB_REG_AUTH / REG_DIR in process.env (the workers and ../shared/realimages read
 * them), pushes `names`, and returns the function that stops the registries and removes their directory.
 */
export async function startRunRegistries(names: string[]): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), "layerscope-registries-"));
  process.env.REG_DIR = dir;
  const stop = async (): Promise<void> => {
    await registryScript(["stop"], 60_000).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let attempt = 1; ; attempt++) {
      const [plain, auth] = await freePorts(2);
      process.env.LAB_REG_PLAIN = `127.0.0.1:${plain}`;
      process.env.LAB_REG_AUTH = `127.0.0.1:${auth}`;
      try {
        await registryScript(["start"], 60_000);
        break;
      } catch (error) {
        // another process took a port between the OS's answer and the registry's bind: ask again
        await registryScript(["stop"], 60_000).catch(() => undefined);
        if (attempt === 3) throw new Error(`the lab registries did not start: ${lastLine(error)}`);
      }
    }
    await pushMissing(names);
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}

async function pushMissing(names: string[]): Promise<void> {
  const plain = process.env.LAB_REG_PLAIN ?? LAB_PLAIN;
  const auth = process.env.LAB_REG_AUTH ?? LAB_AUTH;
  const missing: string[] = [];
  for (const name of names) {
    const tags = name === "multiarch" ? ["latest", "v2s2list"] : ["oci", "v2s2"];
    const ok = (await hasTags(plain, `lab/${name}`, tags)) && (await hasTags(auth, `lab/${name}`, tags, "labuser:labpass"));
    if (!ok) missing.push(name);
  }
  if (missing.length === 0) return;
  try {
    // the exports are built first (under the lab's lock when one is missing); the push only reads them, so it
    // does not wait for the lock another suite's image build holds for minutes
    for (const name of missing) realImage(name, "oci");
    const cache = process.env.LAB_CACHE ?? "/tmp/realimages";
    const env = { ...process.env, LAB_LOCK_HELD: existsSync(cache) ? realpathSync(cache) : cache };
    await run(join(REALIMAGES, "registry.sh"), ["push", ...missing], { timeout: 900_000, env });
  } catch (error) {
    throw new Error(`pushing ${missing.join(", ")} to the lab registries failed: ${lastLine(error)}`);
  }
}

/**
 * In a test file: makes sure the run's registries hold `names` (the global setup started them). Returns a stop
 * function that stops them only if this call started them (a file run without the global setup).
 */
export async function useLabRegistries(names: string[]): Promise<() => Promise<void>> {
  integrationOnly("the lab registries");
  const status = (await registryScript(["status"], 60_000)).stdout;
  const wasRunning = /plain: running/.test(status) && /auth: running/.test(status);
  if (!wasRunning) await registryScript(["start"], 60_000);
  await pushMissing(names);
  return async () => {
    if (!wasRunning) await registryScript(["stop"], 60_000);
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
  integrationOnly("a docker-registry");
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
