import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { pairImage } from "../../analysis/hints/pair-images.js";
import { makePrivateStore, type PrivateStore } from "../../helpers/build-store.js";
import { copyProject } from "../../helpers/project-copy.js";
import { LAB_AUTH, LAB_USER, useLabRegistries } from "../../helpers/registry.js";
import { tempDirs } from "../../helpers/temp-dirs.js";

// The README's CI recipes, run as written: the three lines that open "CI mode and rules" (pack, global install,
// --ci on real images), then the "In CI" jobs' install lines and commands against the lab registry (basic auth)
// instead of ghcr.io / the GitLab registry, with main's image pushed there first.

const makeDir = tempDirs();
const repository = "layerscope-ci/build-recipe";
const image = `${LAB_AUTH}/${repository}`;
let store: PrivateStore;
let stopRegistries: () => Promise<void> = async () => undefined;
/** Where the recipes' `npm install -g` puts layerscope (npm_config_prefix), and the tarball they packed */
let prefix: string;
let tarball: string;
let firstRecipe: { lines: string[]; results: Map<string, { status: number | null; stdout: string; stderr: string }> };

const readme = (): string => readFileSync(resolve(process.cwd(), "README.md"), "utf8");
const version = (JSON.parse(readFileSync(resolve(process.cwd(), "package.json"), "utf8")) as { version: string }).version;

interface Recipes {
  github: { env: Record<string, string>; stepEnv: Record<string, string>; install: string[]; commands: string[] };
  gitlab: { variables: Record<string, string>; install: string[]; commands: string[]; artifact: string };
}

function readRecipes(): Recipes {
  const text = readme();
  const section = text.slice(text.indexOf("### In CI"), text.indexOf("\n## ", text.indexOf("### In CI")));
  const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]));
  expect(blocks).toHaveLength(2);
  const job = blocks[0].jobs["image-review"];
  const step = job.steps.find((s: { run?: string }) => s.run?.includes("layerscope build"));
  const installSteps = job.steps.filter((s: { run?: string }) => s.run?.includes("npm install")).map((s: { run: string }) => s.run);
  const gitlab = blocks[1]["image-review"];
  return {
    github: { env: job.env, stepEnv: step.env, install: installSteps, commands: lines(step.run) },
    gitlab: { variables: gitlab.variables, install: gitlab.before_script.filter((line: string) => line.includes("npm install")), commands: gitlab.script, artifact: gitlab.artifacts.paths[0] },
  };
}

/** The first code block of "## CI": the three lines a reader copies first. */
function firstRecipeLines(): string[] {
  const text = readme();
  const section = text.slice(text.indexOf("\n## CI\n") + 1);
  const block = /^```sh\n([\s\S]*?)```/m.exec(section.slice(section.indexOf("\n") + 1).trimStart());
  expect(block, "## CI starts with a sh block").not.toBeNull();
  return lines(block![1]);
}

/** npm for the recipes: the global prefix is a temporary one, packages come from npm's cache when it has them. */
function npmEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    npm_config_prefix: prefix,
    npm_config_prefer_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    PATH: `${join(prefix, "bin")}:${process.env.PATH}`,
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

/** A project with the Dockerfile of test/images/hint-chmod-copy, the `diff:` limits of its repository and layerscope's tarball. */
function project(extraDockerfileLine?: string): string {
  const dir = makeDir("layerscope-recipe-project-");
  const source = resolve(process.cwd(), "test/images/hint-chmod-copy");
  for (const file of ["Dockerfile", "tool.sh"]) copyFileSync(join(source, file), join(dir, file));
  mkdirSync(join(dir, "ci"));
  copyFileSync(tarball, join(dir, "ci", `layerscope-${version}.tgz`));
  if (extraDockerfileLine) appendFileSync(join(dir, "Dockerfile"), `${extraDockerfileLine}\n`);
  writeFileSync(join(dir, ".layerscope.yaml"), "diff:\n  max-size-increase: 1MB\n  no-new-hints: warning\n");
  return dir;
}

function runScript(commands: string[], cwd: string, env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("bash", ["-eo", "pipefail", "-c", commands.join("\n")], { cwd, env, encoding: "utf8", timeout: 600_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The three lines in a copy of the project, the last one on each image (as app.tar); the packed tarball is kept. */
function runFirstRecipe(): void {
  const recipe = firstRecipeLines();
  const clone = copyProject(process.cwd(), makeDir("layerscope-recipe-clone-"));
  const setup = runScript(recipe.slice(0, -1), clone, npmEnv());
  expect(setup.status, setup.stderr).toBe(0);
  tarball = join(clone, `layerscope-${version}.tgz`);
  const results = new Map<string, { status: number | null; stdout: string; stderr: string }>();
  for (const name of ["apt-cleanup", "apt-nocleanup", "hint-secrets"]) {
    rmSync(join(clone, "app.tar"), { force: true });
    symlinkSync(pairImage(name), join(clone, "app.tar"));
    results.set(name, runScript(recipe.slice(-1), clone, { ...npmEnv(), CI: "", NO_COLOR: "1", XDG_CACHE_HOME: makeDir("layerscope-recipe-cache-") }));
  }
  firstRecipe = { lines: recipe, results };
}

beforeAll(async () => {
  stopRegistries = await useLabRegistries([]);
  store = makePrivateStore();
  // main's image: the same Dockerfile built by ../shared/realimages, pushed as :main
  const main = pairImage("hint-chmod-copy", "oci");
  execFileSync("skopeo", ["--insecure-policy", "copy", "-q", "--dest-tls-verify=false", `--dest-creds=${LAB_USER.username}:${LAB_USER.password}`, `oci:${main}:latest`, `docker://${image}:main`]);
  prefix = makeDir("layerscope-recipe-prefix-");
  runFirstRecipe();
}, 900_000);
afterAll(async () => {
  store?.dispose();
  await stopRegistries();
});

function baseEnv(): NodeJS.ProcessEnv {
  return {
    ...npmEnv(),
    CI: "true",
    NO_COLOR: "1",
    DOCKER_HOST: "",
    CONTAINERS_STORAGE_CONF: store.conf,
    BUILDAH_ISOLATION: "chroot",
    XDG_CACHE_HOME: makeDir("layerscope-recipe-cache-"),
  };
}

describe("README: CI", () => {
  it("opens with three lines that work as written: pack, install the tarball, --ci on the image", () => {
    expect(firstRecipe.lines).toHaveLength(3);
    expect(firstRecipe.lines.join("\n")).toContain(`layerscope-${version}.tgz`);
    expect(readdirSync(join(prefix, "bin"))).toEqual(["layerscope"]);
    const clean = firstRecipe.results.get("apt-cleanup")!;
    expect(clean.stderr).toBe("");
    expect(clean.stdout).toContain("Rules: layerscope's rule set (the default)");
    expect(clean.stdout).toContain("Result: PASS");
    expect(clean.status).toBe(0);
    const wasteful = firstRecipe.results.get("apt-nocleanup")!;
    expect(wasteful.stdout).toMatch(/FAIL\s+max-junk-bytes/);
    expect(wasteful.status).toBe(1);
    const secrets = firstRecipe.results.get("hint-secrets")!;
    expect(secrets.stdout).toMatch(/FAIL\s+hints: 4 hints fail the gate/);
    expect(secrets.status).toBe(1);
  });
});

describe("README: In CI", () => {
  it("both jobs install what exists: the packed tarball, not the registry's (unpublished) package", () => {
    const { github, gitlab } = readRecipes();
    expect(github.install).toEqual([`npm install -g ./ci/layerscope-${version}.tgz`]);
    expect(gitlab.install).toEqual([`npm install -g ./ci/layerscope-${version}.tgz`]);
    expect(readme()).not.toMatch(/npm install -g layerscope\s*$/m);
  });

  it("GitHub Actions: an unchanged Dockerfile passes, the step summary says so", () => {
    const { github } = readRecipes();
    const summary = join(makeDir("layerscope-recipe-gh-"), "step-summary.md");
    const env: NodeJS.ProcessEnv = { ...baseEnv(), GITHUB_STEP_SUMMARY: summary };
    for (const [name, value] of Object.entries({ ...github.env, ...github.stepEnv })) env[name] = githubExpressions(value);
    expect(env.IMAGE).toBe(`ghcr.io/${repository}`);
    env.IMAGE = image; // the lab registry instead of ghcr.io
    const dir = project();
    const install = runScript(github.install, dir, env);
    expect(install.status, install.stderr).toBe(0);
    const result = runScript(github.commands.map(githubExpressions), dir, env);
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
    const install = runScript(gitlab.install, dir, env);
    expect(install.status, install.stderr).toBe(0);
    const result = runScript(gitlab.commands, dir, env);
    expect(result.stderr).not.toMatch(/^layerscope:/m);
    expect(result.status).toBe(1);
    const markdown = readFileSync(join(dir, gitlab.artifact), "utf8");
    expect(markdown).toMatch(/### ❌ layerscope diff: size \+1\.29 MB/);
    expect(markdown).toMatch(/max-size-increase/);
    expect(markdown).not.toMatch(/FAIL.*(lowestEfficiency|highestUserWastedPercent)/); // the ratchet alone fails it
  });
});
