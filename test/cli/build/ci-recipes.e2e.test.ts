import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { pairImage } from "../../analysis/hints/pair-images.js";
import { makePrivateStore, type PrivateStore } from "../../helpers/build-store.js";
import { LAB_AUTH, LAB_USER, useLabRegistries } from "../../helpers/registry.js";
import { tempDirs } from "../../helpers/temp-dirs.js";

// The README's "In CI" jobs, their commands run as written against the lab registry (basic auth) instead of
// ghcr.io / the GitLab registry, with main's image pushed there first.

const makeDir = tempDirs();
const repository = "layerscope-ci/build-recipe";
const image = `${LAB_AUTH}/${repository}`;
let store: PrivateStore;
let stopRegistries: () => Promise<void> = async () => undefined;
let binDir: string;

interface Recipes {
  github: { env: Record<string, string>; stepEnv: Record<string, string>; commands: string[] };
  gitlab: { variables: Record<string, string>; commands: string[]; artifact: string };
}

function readRecipes(): Recipes {
  const readme = readFileSync(resolve(process.cwd(), "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### In CI"), readme.indexOf("\n## ", readme.indexOf("### In CI")));
  const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]));
  expect(blocks).toHaveLength(2);
  const job = blocks[0].jobs["image-review"];
  const step = job.steps.find((s: { run?: string }) => s.run?.includes("layerscope build"));
  const gitlab = blocks[1]["image-review"];
  return {
    github: { env: job.env, stepEnv: step.env, commands: lines(step.run) },
    gitlab: { variables: gitlab.variables, commands: gitlab.script, artifact: gitlab.artifacts.paths[0] },
  };
}

function lines(script: string): string[] {
  return script.split("\n").filter((line) => line.trim() !== "");
}

/** GitHub's `${{ … }}` expressions, as a pull request of this lab would see them. */
function githubExpressions(text: string): string {
  const values: Record<string, string> = {
    "github.repository": repository,
    "github.actor": LAB_USER.username,
    "secrets.GITHUB_TOKEN": LAB_USER.password,
    "github.event.number": "7",
  };
  return text.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_all, name: string) => {
    if (!(name in values)) throw new Error(`no test value for \${{ ${name} }}`);
    return values[name];
  });
}

/** A project with the Dockerfile of test/images/hint-chmod-copy and the `diff:` limits of its repository. */
function project(extraDockerfileLine?: string): string {
  const dir = makeDir("layerscope-recipe-project-");
  const source = resolve(process.cwd(), "test/images/hint-chmod-copy");
  for (const file of ["Dockerfile", "tool.sh"]) copyFileSync(join(source, file), join(dir, file));
  if (extraDockerfileLine) appendFileSync(join(dir, "Dockerfile"), `${extraDockerfileLine}\n`);
  writeFileSync(join(dir, ".layerscope.yaml"), "diff:\n  max-size-increase: 1MB\n  no-new-hints: warning\n");
  return dir;
}

function runScript(commands: string[], cwd: string, env: NodeJS.ProcessEnv): { status: number | null; stderr: string } {
  const result = spawnSync("bash", ["-eo", "pipefail", "-c", commands.join("\n")], { cwd, env, encoding: "utf8" });
  return { status: result.status, stderr: result.stderr };
}

beforeAll(async () => {
  stopRegistries = await useLabRegistries([]);
  store = makePrivateStore();
  // main's image: the same Dockerfile built by ../shared/realimages, pushed as :main
  const main = pairImage("hint-chmod-copy", "oci");
  execFileSync("skopeo", ["--insecure-policy", "copy", "-q", "--dest-tls-verify=false", `--dest-creds=${LAB_USER.username}:${LAB_USER.password}`, `oci:${main}:latest`, `docker://${image}:main`]);
  // `layerscope` on PATH, as `npm install -g` leaves it
  binDir = makeDir("layerscope-recipe-bin-");
  mkdirSync(binDir, { recursive: true });
  writeFileSync(join(binDir, "layerscope"), `#!/bin/sh\nexec "${process.execPath}" "${resolve(process.cwd(), "bin/layerscope.js")}" "$@"\n`, { mode: 0o755 });
});
afterAll(async () => {
  store?.dispose();
  await stopRegistries();
});

function baseEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${binDir}:${process.env.PATH}`,
    CI: "true",
    NO_COLOR: "1",
    DOCKER_HOST: "",
    CONTAINERS_STORAGE_CONF: store.conf,
    BUILDAH_ISOLATION: "chroot",
    XDG_CACHE_HOME: makeDir("layerscope-recipe-cache-"),
  };
}

describe("README: In CI", () => {
  it("GitHub Actions: an unchanged Dockerfile passes, the step summary says so", () => {
    const { github } = readRecipes();
    const summary = join(makeDir("layerscope-recipe-gh-"), "step-summary.md");
    const env: NodeJS.ProcessEnv = { ...baseEnv(), GITHUB_STEP_SUMMARY: summary };
    for (const [name, value] of Object.entries({ ...github.env, ...github.stepEnv })) env[name] = githubExpressions(value);
    expect(env.IMAGE).toBe(`ghcr.io/${repository}`);
    env.IMAGE = image; // the lab registry instead of ghcr.io
    const result = runScript(github.commands.map(githubExpressions), project(), env);
    expect(result.stderr).not.toMatch(/^layerscope:/m);
    expect(result.status).toBe(0);
    const markdown = readFileSync(summary, "utf8");
    expect(markdown).toMatch(/### ✅ layerscope diff: size /);
    expect(markdown).toContain("pr-7"); // the PR's tag names the built image
  });

  it("GitLab CI: a Dockerfile that adds 1.3 MB fails the diff: ratchet, the report file says why", () => {
    const { gitlab } = readRecipes();
    expect(gitlab.variables).toEqual({ BUILDAH_ISOLATION: "chroot" });
    const env: NodeJS.ProcessEnv = {
      ...baseEnv(),
      ...gitlab.variables,
      CI_REGISTRY_IMAGE: image,
      CI_REGISTRY_USER: LAB_USER.username,
      CI_REGISTRY_PASSWORD: LAB_USER.password,
      CI_MERGE_REQUEST_IID: "7",
    };
    const dir = project("RUN seq 1 200000 > /opt/numbers.txt");
    const result = runScript(gitlab.commands, dir, env);
    expect(result.stderr).not.toMatch(/^layerscope:/m);
    expect(result.status).toBe(1);
    const markdown = readFileSync(join(dir, gitlab.artifact), "utf8");
    expect(markdown).toMatch(/### ❌ layerscope diff: size \+1\.29 MB/);
    expect(markdown).toMatch(/max-size-increase/);
    expect(markdown).not.toMatch(/FAIL.*(lowestEfficiency|highestUserWastedPercent)/); // the ratchet alone fails it
  });
});
