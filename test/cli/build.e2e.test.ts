import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archiveReport, figures, lineOf, makePrivateStore, runCli, type PrivateStore } from "../helpers/build-store.js";
import { tempDirs } from "../helpers/temp-dirs.js";

// `layerscope build` with the real builders (buildah and podman, chroot isolation as ../shared/realimages builds),
// each in a private containers-storage seeded with the lab's base image.

const makeDir = tempDirs();
let store: PrivateStore;
let env: NodeJS.ProcessEnv;
/** TMPDIR of the CLI: what layerscope leaves behind would show here */
let cliTmp: string;
const images = resolve(process.cwd(), "test/images");

beforeAll(() => {
  store = makePrivateStore();
  cliTmp = makeDir("layerscope-build-tmp-");
  env = { ...process.env, CI: "", NO_COLOR: "1", TMPDIR: cliTmp, XDG_CACHE_HOME: makeDir("layerscope-build-cache-") };
});

afterAll(() => store?.dispose());

function layerscopeLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.startsWith("layerscope:"));
}

describe("layerscope build with buildah", () => {
  it("gives the figures of the same image's archive export; hints name Dockerfile lines; builder flags pass through", () => {
    const context = join(images, "hint-chmod-run");
    const dockerfile = join(context, "Dockerfile");
    // the store only through pass-through flags: the export must use them too
    const args = ["--isolation", "chroot", "--root", store.root, `--runroot=${store.runroot}`, `--storage-driver=${store.driver}`];
    const sarifFile = join(makeDir("layerscope-build-sarif-"), "hints.sarif");
    const built = runCli(["build", "--builder", "buildah", "-f", dockerfile, context, "--json", "-", "--sarif", sarifFile, "--", ...args], env);
    expect(built.stderr).toMatch(/STEP 5\/5: RUN chmod/); // the builder's log, streamed to stderr
    expect(layerscopeLines(built.stderr)).toEqual([]);
    expect(built.status).toBe(0);

    expect(figures(built.stdout)).toEqual(figures(archiveReport("hint-chmod-run", env)));
    const hints = JSON.parse(built.stdout).hints as { id: string; line?: number; layer: number }[];
    expect(hints.map((h) => [h.id, h.layer, h.line])).toEqual([["metadata-reemit", 4, lineOf(dockerfile, "RUN chmod")]]);
    // --sarif comes with the analysis options: the result sits on the Dockerfile line, the path relative to the root
    const sarif = JSON.parse(readFileSync(sarifFile, "utf8")) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    expect(
      sarif.runs[0].results.map((r) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]),
    ).toEqual([["metadata-reemit", "test/images/hint-chmod-run/Dockerfile", lineOf(dockerfile, "RUN chmod")]]);
    expect(readdirSync(cliTmp)).toEqual([]); // the exported layout is gone
  });

  it("-f and --target: the hints name lines of the chosen stage of that Dockerfile", () => {
    const context = makeDir("layerscope-build-stages-");
    const dockerfile = join(context, "build.Dockerfile");
    writeFileSync(
      dockerfile,
      [
        "FROM localhost/lab/base:bookworm AS data",
        "RUN seq 1 40000 > /data.txt",
        "RUN chmod 0600 /data.txt",
        "",
        "FROM localhost/lab/base:bookworm",
        "RUN seq 1 40000 > /other.txt",
        "",
      ].join("\n"),
    );
    const stageEnv = { ...env, CONTAINERS_STORAGE_CONF: store.conf, BUILDAH_ISOLATION: "chroot" };
    const built = runCli(["build", "--builder", "buildah", "-f", dockerfile, "--target", "data", context, "--json", "-"], stageEnv);
    expect(layerscopeLines(built.stderr)).toEqual([]);
    expect(built.status).toBe(0);
    const report = JSON.parse(built.stdout);
    expect(report.layers.map((layer: { command: string }) => layer.command).slice(1)).toEqual(["RUN seq 1 40000 > /data.txt", "RUN chmod 0600 /data.txt"]);
    expect(report.hints.map((h: { id: string; line?: number }) => [h.id, h.line])).toEqual([["metadata-reemit", 3]]);
  });

  it("a failing Dockerfile: the builder's log, then one line and exit 2", () => {
    const context = makeDir("layerscope-build-broken-");
    writeFileSync(join(context, "Dockerfile"), "FROM localhost/lab/base:bookworm\nRUN echo about-to-fail && exit 3\n");
    const failed = runCli(["build", "--builder", "buildah", context, "--ci"], { ...env, CONTAINERS_STORAGE_CONF: store.conf, BUILDAH_ISOLATION: "chroot" });
    expect(failed.status).toBe(2);
    expect(failed.stdout).toBe("");
    expect(failed.stderr).toContain("about-to-fail");
    expect(layerscopeLines(failed.stderr)).toEqual([expect.stringMatching(/^layerscope: build failed \(buildah exited [1-9]\d*\)$/)]);
    expect(failed.stderr.trimEnd().split("\n").at(-1)).toMatch(/^layerscope: build failed/);
    expect(readdirSync(cliTmp)).toEqual([]);
  });
});

describe("layerscope build with podman", () => {
  it("builds with build args and a tag; figures equal the archive's; secret hints at their lines", () => {
    const context = join(images, "hint-secrets");
    const dockerfile = join(context, "Dockerfile");
    const podmanEnv = { ...env, CONTAINERS_STORAGE_CONF: store.conf };
    const built = runCli(
      [
        "build",
        "--builder",
        "podman",
        "--build-arg",
        "NPM_TOKEN=npm_labSecretBuildArgToken0123456789",
        "-t",
        "localhost/layerscope-test/secrets:pr",
        context,
        "--json",
        "-",
        "--",
        "--isolation",
        "chroot",
      ],
      podmanEnv,
    );
    expect(layerscopeLines(built.stderr)).toEqual([]);
    expect(built.status).toBe(0);
    const report = JSON.parse(built.stdout);
    expect(report.image.reference).toBe("localhost/layerscope-test/secrets:pr");
    expect(figures(built.stdout)).toEqual(figures(archiveReport("hint-secrets", env)));

    const lines = new Map<string, number | undefined>();
    for (const hint of report.hints as { id: string; path?: string; line?: number }[]) lines.set(`${hint.id} ${hint.path ?? ""}`.trim(), hint.line);
    expect(lines.get("secret-env")).toBe(lineOf(dockerfile, "ENV API_TOKEN"));
    expect(lines.get("secret-label")).toBe(lineOf(dockerfile, "LABEL"));
    expect(lines.get("secret-build-arg")).toBe(lineOf(dockerfile, "ARG NPM_TOKEN"));
    expect(lines.get("secret-file /root/.npmrc")).toBe(lineOf(dockerfile, "RUN echo"));
    expect(lines.get("secret-file /app/id_rsa")).toBe(lineOf(dockerfile, "COPY keys/"));
    expect(built.stdout).not.toContain("npm_labSecretBuildArgToken");
    expect(readdirSync(cliTmp)).toEqual([]);
  });
});

describe("layerscope build: bad input, one line each, no build", () => {
  it("an unknown builder, a missing builder, no builder at all, a stray argument, a missing context or Dockerfile", () => {
    const context = join(images, "hint-chmod-run");
    const emptyPath = makeDir("layerscope-build-path-");
    const noBuilders = { ...env, PATH: emptyPath, DOCKER_HOST: "" };
    const binDir = makeDir("layerscope-build-bin-");
    mkdirSync(join(binDir, "sub"));
    // a docker CLI whose daemon is not there: it must not be run
    const dockerBin = makeDir("layerscope-build-docker-");
    writeFileSync(join(dockerBin, "docker"), "#!/bin/sh\necho ran >&2\nexit 1\n", { mode: 0o755 });
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [["build", "--builder", "kaniko", context], env, /^layerscope: unknown builder "kaniko" \(docker, podman or buildah\)$/],
      [["build", "--builder", "docker", context], noBuilders, /^layerscope: --builder docker: docker is not installed/],
      [
        ["build", context],
        noBuilders,
        /^layerscope: no image builder found \(docker: not installed, podman: not installed, buildah: not installed\); install /,
      ],
      [["build", context, "extra"], env, /^layerscope: unexpected argument "extra" \(builder flags go after --\)$/],
      [["build", join(binDir, "nope")], env, /^layerscope: build context .*nope: not a directory$/],
      [["build", "-f", join(binDir, "Dockerfile.missing"), context], env, /^layerscope: no Dockerfile at .*Dockerfile.missing$/],
      [["build", "--build-arg", "=x", context], env, /^layerscope: --build-arg wants NAME=VALUE/],
      [
        ["build", context, "--junit", join(binDir, "no-such-dir", "r.xml")],
        noBuilders,
        /^layerscope: cannot write report .*no-such-dir\/r\.xml: no such file or directory \(ENOENT\)$/,
      ],
      [["build", context, "--html", join(binDir, "sub")], noBuilders, /^layerscope: cannot write report .*sub: is a directory \(EISDIR\)$/],
      [
        ["build", "--builder", "docker", context],
        { ...env, PATH: `${dockerBin}:${env.PATH}`, DOCKER_HOST: `unix://${join(binDir, "no.sock")}` },
        /^layerscope: --builder docker: the Docker daemon does not answer \(unix:\/\/.*no\.sock\)$/,
      ],
      [["build", "--target", "nope", context], noBuilders, /^layerscope: --target nope: no stage of that name in \S*Dockerfile \(no stage is named\)$/],
    ];
    for (const [args, caseEnv, message] of cases) {
      const result = runCli(args, caseEnv);
      expect([args.join(" "), result.status, result.stderr.trimEnd().split("\n")]).toEqual([args.join(" "), 2, [expect.stringMatching(message)]]);
    }
  });
});

describe("layerscope build through an Engine API (podman system service on the private store)", () => {
  let service: ChildProcess | undefined;
  let socket: string;
  beforeAll(async () => {
    const dir = makeDir("layerscope-build-service-");
    socket = join(dir, "podman.sock");
    service = spawn("podman", ["system", "service", "--time=0", `unix://${socket}`], {
      env: { ...env, CONTAINERS_STORAGE_CONF: store.conf },
      stdio: "ignore",
    });
    for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(() => {
    service?.kill("SIGTERM");
  });

  it("podman with its service answering: the image is read from the API export, with the same figures", () => {
    const context = join(images, "hint-chmod-run");
    const serviceEnv = { ...env, CONTAINERS_STORAGE_CONF: store.conf, CONTAINER_HOST: `unix://${socket}`, BUILDAH_ISOLATION: "chroot" };
    const built = runCli(["build", "--builder", "podman", context, "--json", "-"], serviceEnv);
    expect(layerscopeLines(built.stderr)).toEqual([]);
    expect(built.status).toBe(0);
    expect(JSON.parse(built.stdout).image.format).toBe("daemon");
    expect(figures(built.stdout)).toEqual(figures(archiveReport("hint-chmod-run", env)));
  });

  it("docker chosen by itself when its API answers: a docker CLI (podman under that name) and the Docker source", () => {
    const binDir = makeDir("layerscope-build-docker-");
    writeFileSync(join(binDir, "docker"), '#!/bin/sh\nexec podman "$@"\n', { mode: 0o755 });
    const dockerEnv = {
      ...env,
      PATH: `${binDir}:${env.PATH}`,
      DOCKER_HOST: `unix://${socket}`,
      CONTAINERS_STORAGE_CONF: store.conf,
      BUILDAH_ISOLATION: "chroot",
    };
    const context = join(images, "hint-chmod-run");
    const built = runCli(["build", "-t", "localhost/layerscope-test/chmod:docker", context, "--json", "-"], dockerEnv);
    expect(layerscopeLines(built.stderr)).toEqual([]);
    expect(built.status).toBe(0);
    const report = JSON.parse(built.stdout);
    expect([report.image.format, report.image.reference]).toEqual(["daemon", "localhost/layerscope-test/chmod:docker"]);
    expect(report.hints.map((h: { line?: number }) => h.line)).toEqual([lineOf(join(context, "Dockerfile"), "RUN chmod")]);
    expect(figures(built.stdout)).toEqual(figures(archiveReport("hint-chmod-run", env)));
  });
});
