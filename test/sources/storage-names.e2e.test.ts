import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { storageCandidates } from "../../src/sources/containers-storage.js";
import { defaultStorageRoot } from "../../src/sources/storage-conf.js";
import { figures, oneLineError, runCli } from "../helpers/cli-figures.js";
import { freePort } from "../helpers/registry.js";
import { tempDirs } from "../helpers/temp-dirs.js";

// An image buildah has just built and tagged, opened by its bare name: the lookup goes through the daemons (none
// here) to the containers-storage skopeo uses, before the registry. The store is a private one, named by a
// storage.conf in CONTAINERS_STORAGE_CONF (which buildah, skopeo and layerscope all read), never the machine's.

const SLOW = 120_000;
const temp = tempDirs();
let root: string;
let run: string;
let env: NodeJS.ProcessEnv;
let layout: string;

/** buildah with the private store; without the test run's DOCKER_CONFIG, whose config.json buildah insists exist */
const buildah = (args: string[]) => {
  const { DOCKER_CONFIG: _config, ...rest } = process.env;
  return execFileSync("buildah", args, { encoding: "utf8", env: { ...rest, ...env }, stdio: ["ignore", "pipe", "pipe"] });
};

beforeAll(() => {
  const dir = temp("layerscope-storage-names-");
  root = join(dir, "root");
  run = join(dir, "run");
  const conf = join(dir, "storage.conf");
  writeFileSync(conf, `[storage]\ndriver = "vfs"\ngraphroot = "${root}"\nrunroot = "${run}"\n`);
  // no daemon answers, whatever runs on the machine
  env = { CONTAINERS_STORAGE_CONF: conf, DOCKER_HOST: `unix://${join(dir, "no-docker.sock")}`, CONTAINER_HOST: `unix://${join(dir, "no-podman.sock")}`, CONTAINERD_ADDRESS: join(dir, "no-containerd.sock") };
  const context = join(dir, "context");
  mkdirSync(join(context, "app"), { recursive: true });
  writeFileSync(join(context, "app", "main.sh"), "#!/bin/sh\necho dev\n");
  writeFileSync(join(context, "app", "data.txt"), "x".repeat(5000));
  writeFileSync(join(context, "Dockerfile"), "FROM scratch\nCOPY app /app\nCOPY app/data.txt /app/data.txt\n");
  buildah(["bud", "--quiet", "--layers", "--isolation", "chroot", "-t", "app:dev", context]);
  buildah(["tag", "app:dev", "team/app:two"]);
  layout = join(dir, "layout");
  buildah(["push", "--quiet", "app:dev", `oci:${layout}:latest`]);
}, SLOW);

const json = (args: string[], extra: NodeJS.ProcessEnv = env) => {
  const result = runCli([...args, "--json", "-", "--no-cache"], extra);
  expect(result.stderr).toBe("");
  return result.stdout;
};

describe("bare names in containers-storage", () => {
  it("finds app:dev (stored as localhost/app:dev) after the daemons, with the figures of its OCI export", () => {
    const out = json(["app:dev"]);
    expect((JSON.parse(out) as { image: { format: string } }).image.format).toBe("containers-storage");
    expect(figures(out)).toEqual(figures(json([layout])));
  }, SLOW);

  it("finds localhost/app:dev, a name with a namespace, and containers-storage:app:dev alike", () => {
    const expected = figures(json(["app:dev"]));
    for (const name of ["localhost/app:dev", "team/app:two", "containers-storage:app:dev"]) expect([name, figures(json([name]))]).toEqual([name, expected]);
  }, SLOW);

  it("takes the store from --storage-root (driver@root+runroot) without a storage.conf", () => {
    const { CONTAINERS_STORAGE_CONF: _conf, ...noConf } = env;
    const out = json(["app:dev", "--storage-root", `vfs@${root}+${run}`], noConf);
    expect(figures(out)).toEqual(figures(json([layout])));
  }, SLOW);

  it("says where a name found nowhere was looked for, and which prefixes name a source", async () => {
    const port = await freePort();
    const message = oneLineError([`127.0.0.1:${port}/nope:dev`], env);
    expect(message).toMatch(new RegExp(`^layerscope: 127\\.0\\.0\\.1:${port}/nope:dev: not in Docker at .*no-docker\\.sock, Podman at .*no-podman\\.sock, `));
    expect(message).toMatch(new RegExp(`, containerd at .*no-containerd\\.sock, containers-storage at ${root}; the registry: `));
    expect(message).toContain("connection refused");
    for (const prefix of ["docker-archive:", "oci:", "containers-storage:", "containerd://", "docker://", "--source"]) expect(message).toContain(prefix);
  }, SLOW);

  it("names a store that is not there among the places tried", async () => {
    const port = await freePort();
    const missing = join(root, "..", "no-store");
    const message = oneLineError([`127.0.0.1:${port}/app:dev`, "--storage-root", missing], env);
    expect(message).toContain(`containers-storage (none at ${missing})`);
  }, SLOW);
});

describe("how a store and a name are looked up", () => {
  it("tries localhost/ first for a short name, as podman and buildah resolve it", () => {
    expect(storageCandidates("app:dev")).toEqual(["localhost/app:dev", "app:dev"]);
    expect(storageCandidates("team/app")).toEqual(["localhost/team/app", "team/app"]);
    expect(storageCandidates("quay.io/team/app:1")).toEqual(["quay.io/team/app:1"]);
    expect(storageCandidates("localhost/app:dev")).toEqual(["localhost/app:dev"]);
    expect(storageCandidates("app@sha256:" + "a".repeat(64))).toEqual(["app@sha256:" + "a".repeat(64)]);
  });

  it("reads the root from storage.conf as containers/storage does", async () => {
    const dir = temp("layerscope-storage-conf-");
    const conf = join(dir, "storage.conf");
    writeFileSync(conf, '[storage]\ndriver = "overlay"\ngraphroot = "/srv/store"\n\n[storage.options]\ngraphroot = "/not/this"\n');
    expect(await defaultStorageRoot({ CONTAINERS_STORAGE_CONF: conf }, 0)).toBe("/srv/store");
    writeFileSync(conf, '[storage]\nrootless_storage_path = "$HOME/store"\n');
    expect(await defaultStorageRoot({ CONTAINERS_STORAGE_CONF: join(dir, "missing.conf") }, 0)).toBe("/var/lib/containers/storage");
    mkdirSync(join(dir, "xdg", "containers"), { recursive: true });
    writeFileSync(join(dir, "xdg", "containers", "storage.conf"), '[storage]\ngraphroot = "/home/u/store"\n');
    expect(await defaultStorageRoot({ XDG_CONFIG_HOME: join(dir, "xdg"), HOME: "/home/u" }, 1000)).toBe("/home/u/store");
    // with no storage.conf of the user's, a system file decides (rootless_storage_path), else the built-in default
    const system = ["/etc/containers/storage.conf", "/usr/share/containers/storage.conf"].some((file) => existsSync(file));
    if (!system) {
      expect(await defaultStorageRoot({ XDG_CONFIG_HOME: join(dir, "none"), HOME: "/home/u", XDG_DATA_HOME: "/home/u/.data" }, 1000)).toBe(
        "/home/u/.data/containers/storage",
      );
    }
  });
});
