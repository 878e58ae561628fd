import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { stopChild } from "./registry.js";

const run = promisify(execFile);

export interface RunningContainerd {
  socket: string;
  /** `ctr --address SOCKET --namespace NS ARGS…` */
  ctr(namespace: string, args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Debian's containerd as a plain process with its own root, state and socket under `dir` (no unpacking is
 * needed to read images, so no snapshotter is used). Stop it in afterAll: it runs until then.
 */
export async function startContainerd(dir: string): Promise<RunningContainerd> {
  const socket = join(dir, "containerd.sock");
  mkdirSync(join(dir, "root"), { recursive: true });
  const config = join(dir, "config.toml");
  writeFileSync(
    config,
    [
      "version = 2",
      `root = "${join(dir, "root")}"`,
      `state = "${join(dir, "state")}"`,
      "[grpc]",
      `  address = "${socket}"`,
      "[ttrpc]",
      `  address = "${socket}.ttrpc"`,
      "[debug]",
      `  address = "${socket}.debug"`,
      "[metrics]",
      `  address = ""`,
    ].join("\n") + "\n",
  );
  let log = "";
  const child: ChildProcess = spawn("containerd", ["--config", config], { stdio: ["ignore", "ignore", "pipe"] });
  child.stderr?.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const ctr = async (namespace: string, args: string[]) =>
    (await run("ctr", ["--address", socket, "--namespace", namespace, ...args], { maxBuffer: 64 << 20 })).stdout;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (
      existsSync(socket) &&
      (await ctr("default", ["version"]).then(
        () => true,
        () => false,
      ))
    ) {
      return { socket, ctr, stop: () => stopChild(child) };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stopChild(child);
  throw new Error(`containerd did not come up on ${socket}: ${log.split("\n").slice(-5).join("\n")}`);
}
