import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archiveReport, makePrivateStore, runCli, type PrivateStore } from "../helpers/build-store.js";
import { tempDirs } from "../helpers/temp-dirs.js";

// `layerscope fix --prove` with real builds (buildah, chroot isolation, a private store seeded with the lab's base):
// for each smell of test/images and of the standard set, the patch builds, its measured saving reaches 90% of the
// hand-written twin's (the twins' exports, measured by layerscope), and the behaviour check passes.

const makeDir = tempDirs();
let store: PrivateStore;
let env: NodeJS.ProcessEnv;
/** Two real builds (apt-get against the mirror) on a shared 2-core machine */
const BUILDS_TIMEOUT = 600_000;
const ownImages = resolve(process.cwd(), "test/images");
const labImages = resolve(process.cwd(), "../shared/realimages/images");

beforeAll(() => {
  store = makePrivateStore();
  // buildah 1.28 refuses to build when DOCKER_CONFIG names a folder without config.json ("checking authfile")
  const dockerConfig = makeDir("layerscope-fix-docker-config-");
  writeFileSync(join(dockerConfig, "config.json"), "{}\n");
  env = { ...process.env, CI: "", NO_COLOR: "1", XDG_CACHE_HOME: makeDir("layerscope-fix-cache-"), LAB_IMAGES_DIR: ownImages, DOCKER_CONFIG: dockerConfig };
});
afterAll(() => store?.dispose());

/** The image's build context, as realimages builds it: a copy, with prepare.sh run and removed. */
function contextOf(name: string): string {
  const source = existsSync(join(ownImages, name)) ? join(ownImages, name) : join(labImages, name);
  const dir = join(makeDir(`layerscope-fix-${name}-`), name);
  cpSync(source, dir, { recursive: true });
  if (existsSync(join(dir, "prepare.sh"))) {
    execFileSync("bash", ["./prepare.sh"], { cwd: dir, stdio: "ignore" });
    rmSync(join(dir, "prepare.sh"));
  }
  return dir;
}

function builderFlags(): string[] {
  return ["--isolation", "chroot", "--root", store.root, "--runroot", store.runroot, "--storage-driver", store.driver];
}

function budArgs(context: string): string[] {
  const file = join(context, "bud-args");
  return existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    : [];
}

function totalBytes(name: string): number {
  return (JSON.parse(archiveReport(name, env)) as { image: { totalBytes: number } }).image.totalBytes;
}

interface ProofJson {
  fixes: Array<{ rule: string }>;
  proof: { savedBytes: number; before: { bytes: number }; after: { bytes: number }; behaviour: { verdict: string; unexpected: unknown[] } };
}

describe("fix --prove: each smell's patch builds, saves what the hand-written fix saves, and keeps the image's files", () => {
  const pairs: Array<[smell: string, twin: string, mode: string]> = [
    ["apt-nocleanup", "apt-cleanup", "safe"],
    ["apt-split-cleanup", "apt-cleanup", "safe"],
    ["hint-chmod-run", "hint-chmod-copy", "safe"],
    ["hint-copy-git", "hint-copy-ignore", "all"],
    ["pkg-apt-rec", "pkg-apt-norec", "all"],
    ["hint-build-single", "hint-build-multi", "all"],
  ];
  it.each(pairs)(
    "%s (its twin: %s, --apply %s)",
    (smell, twin, mode) => {
      const context = contextOf(smell);
      const run = runCli(
        ["fix", context, "--apply", mode, "--prove", "--json", "-", "--builder", "buildah", ...budArgs(context), "--", ...builderFlags()],
        env,
      );
      expect(
        run.stderr.split("\n").filter((line) => line.startsWith("layerscope: ")),
        run.stderr.slice(-3000),
      ).toEqual([]);
      const report = JSON.parse(run.stdout) as ProofJson;
      expect(report.proof.behaviour).toMatchObject({ verdict: "pass", unexpected: [] });
      expect(run.status).toBe(0);
      const handWritten = totalBytes(smell) - totalBytes(twin);
      expect(handWritten).toBeGreaterThan(0);
      expect(report.proof.savedBytes).toBeGreaterThanOrEqual(0.9 * handWritten);
      expect(report.proof.savedBytes).toBe(report.proof.before.bytes - report.proof.after.bytes);
    },
    BUILDS_TIMEOUT,
  );

  it(
    "hint-secrets: the build argument and ENV become secret mounts; the proof passes the secrets and the files stay the same",
    () => {
      const context = contextOf("hint-secrets");
      const run = runCli(["fix", context, "--prove", "--json", "-", "--builder", "buildah", ...budArgs(context), "--", ...builderFlags()], env);
      const report = JSON.parse(run.stdout) as ProofJson;
      expect(report.fixes.map((fix) => fix.rule)).toEqual(["secret-mount", "secret-mount"]);
      expect(report.proof.behaviour).toMatchObject({ verdict: "pass", unexpected: [] });
      expect(run.status).toBe(0);
    },
    BUILDS_TIMEOUT,
  );
});

describe("fix --prove of a build argument with a default value", () => {
  it(
    "the proof passes the ARG's default as the secret; the patched Dockerfile, built without the secret, fails instead of going on with an empty value",
    () => {
      const context = makeDir("layerscope-fix-arg-default-");
      const dockerfile = 'FROM localhost/lab/base:bookworm\nARG NPM_TOKEN=npm_labDefaultToken0123456789\nRUN printf %s "$NPM_TOKEN" | wc -c > /token-length\n';
      writeFileSync(join(context, "Dockerfile"), dockerfile);
      const run = runCli(["fix", context, "--prove", "--json", "-", "--builder", "buildah", "--", ...builderFlags()], env);
      const report = JSON.parse(run.stdout) as ProofJson & { patch: string };
      expect(report.fixes.map((fix) => fix.rule)).toEqual(["secret-mount"]);
      // /token-length holds the value's length: a build without the value writes a shorter file
      expect(report.proof.behaviour).toMatchObject({ verdict: "pass", unexpected: [] });
      expect(run.status).toBe(0);

      const patched = spawnSync("patch", ["-p1"], { cwd: context, input: report.patch, encoding: "utf8" });
      expect(patched.status).toBe(0);
      const flags = ["--root", store.root, "--runroot", store.runroot, "--storage-driver", store.driver];
      const built = spawnSync("buildah", [...flags, "bud", "--no-cache", "--isolation", "chroot", context], { encoding: "utf8", env });
      expect(built.status, built.stderr).not.toBe(0);
      expect(built.stderr).toContain("/run/secrets/NPM_TOKEN");
    },
    BUILDS_TIMEOUT,
  );
});

describe("fix as a person uses it: the patch on stdout, applied with patch -p1 and git apply, built with buildah", () => {
  it(
    "apt-nocleanup: the patched context builds, and its image no longer has the apt hints",
    () => {
      const context = contextOf("apt-nocleanup");
      const image = resolve(
        process.cwd(),
        execFileSync("../shared/realimages/images.sh", ["path", "apt-nocleanup", "oci"], { encoding: "utf8", env: { ...env, LAB_TRUST_CACHE: "1" } }).trim(),
      );
      const fixed = runCli(["fix", context, "--image", `oci:${image}`], env);
      expect(fixed.status).toBe(0);
      expect(fixed.stdout).toMatch(/^--- a\/Dockerfile\n\+\+\+ b\/Dockerfile\n@@ /);

      const gitCopy = join(makeDir("layerscope-fix-git-"), "ctx");
      cpSync(context, gitCopy, { recursive: true });
      execFileSync("git", ["init", "-q"], { cwd: gitCopy });
      const git = spawnSync("git", ["apply", "--check", "-"], { cwd: gitCopy, input: fixed.stdout, encoding: "utf8" });
      expect(git.stderr).toBe("");
      expect(git.status).toBe(0);

      const patched = spawnSync("patch", ["-p1"], { cwd: context, input: fixed.stdout, encoding: "utf8" });
      expect(patched.status).toBe(0);
      const tag = "localhost/fix-test/apt-nocleanup-patched:latest";
      const flags = ["--root", store.root, "--runroot", store.runroot, "--storage-driver", store.driver];
      const built = spawnSync("buildah", [...flags, "bud", "--layers", "--isolation", "chroot", "-t", tag, context], { encoding: "utf8" });
      expect(built.status, built.stderr).toBe(0);
      const report = runCli([store.ref(tag), "--json", "-"], env);
      const hints = (JSON.parse(report.stdout) as { hints: Array<{ id: string }> }).hints.map((hint) => hint.id);
      expect(hints.filter((id) => id.startsWith("apt-"))).toEqual([]);
      // fix finds nothing left to do
      const again = runCli(["fix", context, "--image", store.ref(tag)], env);
      expect([again.status, again.stdout]).toEqual([0, ""]);
    },
    BUILDS_TIMEOUT,
  );
});
