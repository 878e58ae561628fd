import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments, parse } from "yaml";
import { runCli } from "../helpers/cli-figures.js";
import { realImage } from "../helpers/realimages.js";
import { runCommandAsync } from "../helpers/run-async.js";
import { tempDirs } from "../helpers/temp-dirs.js";

// The recipes of deploy/: the Kubernetes manifests validated against the Kubernetes API schemas (kubernetes-models,
// offline), and the commands of both recipes run here as written, N shards at once sharing one layer cache as the
// pods share the volume; the merged report must equal the report of one run over the same list.

const SLOW = 600_000;
const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/layerscope.js");
const temp = tempDirs();

type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; spec?: Record<string, unknown>; data?: Record<string, string> };
interface Container {
  args: string[];
  env?: { name: string; value?: string }[];
  volumeMounts: { name: string; mountPath: string }[];
}

const manifests = (file: string): Manifest[] => parseAllDocuments(readFileSync(join(ROOT, "deploy/kubernetes", file), "utf8")).map((doc) => doc.toJS() as Manifest);

async function validate(manifest: Manifest): Promise<void> {
  type Model = new (data: unknown) => { validate(): void };
  const models: Record<string, () => Promise<unknown>> = {
    v1: () => import("kubernetes-models/v1"),
    "batch/v1": () => import("kubernetes-models/batch/v1"),
  };
  const model = ((await models[manifest.apiVersion]()) as Record<string, Model | undefined>)[manifest.kind];
  expect(model, `${manifest.apiVersion} ${manifest.kind}`).toBeDefined();
  new model!(manifest).validate(); // throws with the schema's complaint
}

const images = (): string[] => [realImage("base", "oci"), realImage("apt-cleanup", "oci"), realImage("multistage", "oci"), realImage("tiny", "oci")];

/** A shell script of a recipe, run here: `layerscope` is this checkout's CLI, the volumes are directories. */
function shell(script: string, env: Record<string, string>, paths: Record<string, string> = {}) {
  let text = script;
  for (const [from, to] of Object.entries(paths)) text = text.split(from).join(to);
  return runCommandAsync("sh", ["-c", `layerscope() { node "${BIN}" "$@"; }\nnpx() { shift; shift; node "${BIN}" "$@"; }\n${text}`], env);
}

/** The one-machine report over the same list, to compare the merged one with. */
function singleRun(list: string, dir: string): string {
  const file = join(dir, "single.json");
  expect(runCli(["fleet", "--list", list, "--json", file], { XDG_CACHE_HOME: temp("layerscope-recipe-cache-") }).status).toBe(0);
  return readFileSync(file, "utf8");
}

describe("deploy/kubernetes", () => {
  it("is valid against the Kubernetes schemas: an Indexed Job with completions = shards and the cache on a volume", async () => {
    const all = [...manifests("fleet-job.yaml"), ...manifests("fleet-merge-job.yaml")];
    for (const manifest of all) await validate(manifest);
    const job = all.find((m) => m.kind === "Job" && m.metadata.name === "layerscope-fleet")!;
    const spec = job.spec as { completionMode: string; completions: number; parallelism: number; template: { spec: { containers: Container[]; volumes: { name: string; persistentVolumeClaim?: { claimName: string }; configMap?: { name: string } }[] } } };
    const container = spec.template.spec.containers[0];
    const shards = Number(container.env?.find((e) => e.name === "SHARDS")?.value);
    expect(spec.completionMode).toBe("Indexed");
    expect(spec.completions).toBe(shards);
    expect(spec.parallelism).toBe(shards);
    const cacheDir = container.env?.find((e) => e.name === "XDG_CACHE_HOME")?.value;
    const cacheMount = container.volumeMounts.find((mount) => mount.mountPath === cacheDir)!;
    const claim = spec.template.spec.volumes.find((volume) => volume.name === cacheMount.name)?.persistentVolumeClaim?.claimName;
    expect(all.some((m) => m.kind === "PersistentVolumeClaim" && m.metadata.name === claim)).toBe(true);
    const listMount = container.volumeMounts.find((mount) => container.args[0].includes(`${mount.mountPath}/images.txt`))!;
    const configMap = spec.template.spec.volumes.find((volume) => volume.name === listMount.name)?.configMap?.name;
    expect(all.find((m) => m.kind === "ConfigMap" && m.metadata.name === configMap)?.data?.["images.txt"]).toMatch(/^docker:\/\//m);
  });

  it("runs: N pods' commands at once, then the merge Job's, give the one-machine report", async () => {
    const job = manifests("fleet-job.yaml").find((m) => m.kind === "Job")!;
    const container = (job.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers[0];
    const shards = Number(container.env?.find((e) => e.name === "SHARDS")?.value);
    const dir = temp("layerscope-recipe-k8s-");
    const paths = { "/config/": `${dir}/config/`, "/reports/": `${dir}/reports/`, "/reports ": `${dir}/reports ` };
    mkdirSync(join(dir, "config"));
    mkdirSync(join(dir, "reports"));
    writeFileSync(join(dir, "config/images.txt"), images().join("\n") + "\n");
    const cache = temp("layerscope-recipe-cache-"); // one volume for all the pods
    const pods = await Promise.all(
      Array.from({ length: shards }, (_, index) => shell(container.args[0], { SHARDS: String(shards), JOB_COMPLETION_INDEX: String(index), XDG_CACHE_HOME: cache }, paths)),
    );
    expect(pods.map((pod) => pod.stderr)).toEqual(pods.map(() => ""));
    const merge = (manifests("fleet-merge-job.yaml")[0].spec as { template: { spec: { containers: Container[] } } }).template.spec.containers[0];
    const first = await shell(merge.args[0], {}, paths);
    expect(first.stderr).toBe("");
    expect(readFileSync(join(dir, "reports/fleet.json"), "utf8")).toBe(singleRun(join(dir, "config/images.txt"), dir));
    expect(readFileSync(join(dir, "reports/fleet.html"), "utf8")).toContain("<h2>Images</h2>");
    const second = await shell(merge.args[0], {}, paths); // the next run compares with the report it replaces
    expect(second.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "reports/fleet.json"), "utf8")).baseline).toMatchObject({ regressions: 0, changed: [] });
  }, SLOW);
});

describe("deploy/github-actions", () => {
  it("runs: the matrix jobs' command for each shard, then the merge job's, give the one-machine report", async () => {
    const workflow = parse(readFileSync(join(ROOT, "deploy/github-actions/layerscope-fleet.yml"), "utf8")) as {
      env: { SHARDS: number };
      jobs: Record<string, { needs?: string; strategy?: { matrix: { shard: number[] } }; steps: { name?: string; run?: string }[] }>;
    };
    const shards = workflow.env.SHARDS;
    expect(workflow.jobs.shard.strategy?.matrix.shard).toEqual(Array.from({ length: shards }, (_, i) => i + 1));
    expect(workflow.jobs.report.needs).toBe("shard");
    const analyse = workflow.jobs.shard.steps.find((step) => step.name === "Analyse this shard")!.run!;
    const mergeStep = workflow.jobs.report.steps.find((step) => step.name === "Merge the shards")!.run!;
    const dir = temp("layerscope-recipe-gha-");
    writeFileSync(join(dir, "images.txt"), images().join("\n") + "\n");
    const runs = await Promise.all(
      workflow.jobs.shard.strategy!.matrix.shard.map((shard) =>
        shell(`cd "${dir}"\n${analyse.split("${{ matrix.shard }}").join(String(shard))}`, { SHARDS: String(shards), XDG_CACHE_HOME: temp("layerscope-recipe-cache-") }),
      ),
    );
    expect(runs.map((run) => run.status)).toEqual(runs.map(() => 0));
    const summary = join(dir, "summary.md");
    const merged = await shell(`cd "${dir}"\n${mergeStep}`, { GITHUB_STEP_SUMMARY: summary });
    expect(merged.stderr).toBe("");
    expect(readFileSync(join(dir, "fleet.json"), "utf8")).toBe(singleRun(join(dir, "images.txt"), dir));
    expect(readFileSync(summary, "utf8")).toMatch(/^### layerscope fleet/m);
  }, SLOW);
});
