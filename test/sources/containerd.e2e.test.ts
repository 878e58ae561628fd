import { chmodSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archiveFigures, figures, oneLineError, runCli } from "../helpers/cli-figures.js";
import { startContainerd, type RunningContainerd } from "../helpers/containerd.js";
import { copyForOtherUser, NOBODY } from "../helpers/other-user.js";
import { realImage } from "../helpers/realimages.js";
import { tempDirs } from "../helpers/temp-dirs.js";

// Debian's containerd on a private socket, with real images imported (not unpacked) into two namespaces; the
// CLI reads them through ctr and must give the figures of the same images read from their archives.

/** Real images read several times on a busy machine */
const SLOW = 300_000;
const temp = tempDirs();
let containerd: RunningContainerd;
let cache: string;

beforeAll(async () => {
  containerd = await startContainerd(temp("layerscope-containerd-"));
  cache = temp("layerscope-containerd-cache-");
  const load = (ns: string, name: string, archive: string, all = false) =>
    containerd.ctr(ns, ["images", "import", "--no-unpack", ...(all ? ["--all-platforms"] : []), "--base-name", name, archive]);
  await load("lab-a", "lab/features", realImage("features", "oci-archive"));
  await load("lab-b", "lab/multiarch", realImage("multiarch", "oci-archive"), true);
  await load("lab-b", "docker.io/lab/tiny", realImage("tiny", "docker-archive"));
  // Only the host's platform of the list: the other manifests are not in this namespace's content store.
  await load("lab-c", "lab/multiarch", realImage("multiarch", "oci-archive"));
}, 300_000);
afterAll(() => containerd?.stop());

const otherUser = copyForOtherUser();
if (otherUser.skipReason) console.warn(`test/sources/containerd.e2e.test.ts: "names a socket it may not use" skipped: ${otherUser.skipReason}`);
afterAll(() => otherUser.remove());

describe("containerd://REF", () => {
  it("gives the figures of the archive form, read through --containerd-address and --namespace", () => {
    const args = ["containerd://lab/features:latest", "--containerd-address", containerd.socket, "--namespace", "lab-a", "--json", "-"];
    const result = runCli(args, { XDG_CACHE_HOME: cache });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout).image.format).toBe("containerd");
    expect(figures(result.stdout)).toEqual(archiveFigures("features"));
    // Layers were cached under their blob digests, which were checked as they streamed.
    const layersDir = readdirSync(join(cache, "layerscope")).find((d) => d.startsWith("layers-v")) ?? "layers-v?";
    const cached = readdirSync(join(cache, "layerscope", layersDir)).filter((f) => f.startsWith("sha256-"));
    const digests = (JSON.parse(result.stdout).layers as Array<{ digest: string }>).map((l) => l.digest.replace(":", "-"));
    for (const digest of digests) expect(cached.some((f) => f.startsWith(digest))).toBe(true);
    const again = runCli(args, { XDG_CACHE_HOME: cache });
    expect(figures(again.stdout)).toEqual(figures(result.stdout));
  }, SLOW);

  it("takes the socket and namespace from CONTAINERD_ADDRESS and CONTAINERD_NAMESPACE, with --source containerd", () => {
    const result = runCli(["lab/tiny:latest", "--source", "containerd", "--json", "-"], {
      CONTAINERD_ADDRESS: containerd.socket,
      CONTAINERD_NAMESPACE: "lab-b",
    });
    expect(result.stderr).toBe("");
    expect(figures(result.stdout)).toEqual(archiveFigures("tiny"));
  }, SLOW);

  it("is tried by a bare reference when its socket is there", () => {
    const result = runCli(["lab/tiny", "--json", "-"], { CONTAINERD_ADDRESS: containerd.socket, CONTAINERD_NAMESPACE: "lab-b", DOCKER_HOST: "", CONTAINER_HOST: "" });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout).image.format).toBe("containerd");
  }, SLOW);

  it("picks the host's platform of a multi-platform image, and another on request", () => {
    const base = ["containerd://lab/multiarch:latest", "--containerd-address", containerd.socket, "--namespace", "lab-b", "--json", "-"];
    const host = runCli(base);
    expect(host.stderr).toBe("");
    expect(JSON.parse(host.stdout).image.architecture).toBe("amd64");
    expect(figures(host.stdout)).toEqual(archiveFigures("apt-cleanup"));
    const arm = runCli([...base, "--platform", "linux/arm64"]);
    expect(arm.stderr).toBe("");
    expect(JSON.parse(arm.stdout).image.architecture).toBe("arm64");
    expect(figures(arm.stdout)).toEqual(archiveFigures("base-arm64"));
  }, SLOW);
});

describe("containerd errors, one line each", () => {
  it("names a missing socket and the flag and variable to set", () => {
    const message = oneLineError(["containerd://lab/tiny", "--containerd-address", "/nonexistent/containerd.sock"]);
    expect(message).toMatch(/^layerscope: containerd socket \/nonexistent\/containerd\.sock not found \(set --containerd-address or CONTAINERD_ADDRESS\)/);
  }, SLOW);

  it.skipIf(otherUser.skipReason)("names a socket it may not use", () => {
    // Run as nobody, a copy of the CLI nobody can read wherever the clone lives: the socket is root's, mode 0660.
    const message = oneLineError(["containerd://lab/tiny", "--containerd-address", containerd.socket], { HOME: "/tmp" }, { ...NOBODY, bin: otherUser.bin });
    expect(message).toContain(`permission denied on the containerd socket ${containerd.socket}`);
  }, SLOW);

  it("lists a few images of the namespace and the namespaces there are when the image is not there", () => {
    const message = oneLineError(["containerd://lab/nope:1", "--containerd-address", containerd.socket, "--namespace", "lab-b"]);
    expect(message).toMatch(/no such image in containerd namespace "lab-b" \(images there: .*lab\/multiarch:latest/);
    expect(message).toMatch(/namespaces: .*lab-a.*lab-b/);
  }, SLOW);

  it("says which blob of another platform is not in the content store", () => {
    const message = oneLineError(["containerd://lab/multiarch:latest", "--containerd-address", containerd.socket, "--namespace", "lab-c", "--platform", "linux/arm64"]);
    expect(message).toMatch(/blob sha256:[a-f0-9]{64} is not in the content store/);
  }, SLOW);

  it("reports an answer of ctr it does not understand", () => {
    const bin = temp("layerscope-fake-ctr-");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, "ctr"), "#!/bin/sh\necho 'something else entirely'\n");
    chmodSync(join(bin, "ctr"), 0o755);
    const message = oneLineError(["containerd://lab/tiny", "--containerd-address", containerd.socket], { PATH: `${bin}:${process.env.PATH ?? ""}` });
    expect(message).toMatch(/unexpected answer to ctr images ls/);
  }, SLOW);
});
