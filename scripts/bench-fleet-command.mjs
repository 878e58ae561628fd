// The fleet benchmark: a registry of its own (Debian's docker-registry on a free port, access log on), the real
// images of ../shared/realimages pushed under several repositories and tags, with variants that share every layer
// but differ in their config (as images rebuilt with new labels do); then, over the same list of references:
//   - layerscope fleet --jobs 1, 2 and 4 (an empty layer cache each time)
//   - a loop of single `layerscope docker://REF --ci` runs (one layer cache for the loop, empty at its start)
//   - a loop of `skopeo copy` to a docker archive + Dive (Dive reads no registry: it needs the archive)
// Each measured: wall time, the largest peak RSS of any one process (GNU time), and the blob GETs the registry's
// access log shows (layers and configs). Writes bench-results/fleet-command.json and prints a table.
//
//   node scripts/bench-fleet-command.mjs [--only fleet,single,dive]
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const IMAGES_SH = resolve(ROOT, "../shared/realimages/images.sh");
const DIVE = resolve(ROOT, "../shared/tools/dive/dive");
const NAMES = ["base", "umoci-apt", "apt-cleanup", "apt-nocleanup", "multistage", "tiny", "features", "hint-build-single", "pkg-python", "pkg-npm"];
const VARIANTS = 3;
const TAGS = ["v1", "latest", "stable", "main"];
const argv = process.argv.slice(2);
const only = (argv[argv.indexOf("--only") + 1] ?? "fleet,single,dive").split(",");

const work = mkdtempSync(join(tmpdir(), "layerscope-bench-fleet-"));
const port = await freePort();
const address = `127.0.0.1:${port}`;
const logFile = join(work, "registry.log");
writeFileSync(
  join(work, "registry.yml"),
  `version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: false\nstorage:\n  filesystem:\n    rootdirectory: ${join(work, "data")}\nhttp:\n  addr: ${address}\n  secret: bench-not-a-secret\n`,
);
const registry = spawn("sh", ["-c", `exec docker-registry serve ${join(work, "registry.yml")} >${logFile} 2>&1`], { stdio: "ignore" });
process.on("exit", () => registry.kill("SIGTERM"));
await waitFor(`http://${address}/v2/`);

const load = () => loadavg().map((value) => value.toFixed(2)).join(" ");
const log = (text) => process.stderr.write(`[bench-fleet ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
log(`registry on ${address}, work dir ${work}, load ${load()}`);

// the images, then variants sharing their layers (a new config blob and manifest each), under several tags
const references = [];
const layerDigests = new Set();
for (const name of NAMES) {
  const layout = execFileSync(IMAGES_SH, ["path", name, "oci"], { encoding: "utf8", env: { ...process.env, LAB_TRUST_CACHE: "1", LAB_IMAGES_DIR: join(ROOT, "test/images") } }).trim();
  const first = `team-a/${name}`;
  execFileSync("skopeo", ["--insecure-policy", "copy", "-q", "--dest-tls-verify=false", "--preserve-digests", `oci:${layout}:latest`, `docker://${address}/${first}:v1`]);
  for (let variant = 0; variant < VARIANTS; variant++) {
    const repository = `team-${"abc"[variant]}/${name}`;
    await pushVariant(first, repository, variant);
    for (const tag of TAGS) references.push(`docker://${address}/${repository}:${tag}`);
  }
  log(`pushed ${name}`);
}
const list = join(work, "refs.txt");
writeFileSync(list, references.join("\n") + "\n");
log(`${references.length} references (${NAMES.length * VARIANTS} distinct images), load ${load()}`);

const results = { date: new Date().toISOString(), references: references.length, distinctImages: NAMES.length * VARIANTS, distinctLayers: layerDigests.size, cores: availableCores(), runs: [] };
const cli = join(ROOT, "bin/layerscope.js");
if (only.includes("fleet")) {
  for (const jobs of [1, 2, 4]) {
    const cache = mkdtempSync(join(work, "cache-"));
    const run = measure([[process.execPath, cli, "fleet", "--list", list, "--jobs", String(jobs), "--json", join(work, `fleet-${jobs}.json`)]], { XDG_CACHE_HOME: cache });
    results.runs.push({ what: `layerscope fleet --jobs ${jobs}`, ...run });
    rmSync(cache, { recursive: true, force: true });
  }
}
if (only.includes("single")) {
  const cache = mkdtempSync(join(work, "cache-"));
  const commands = references.map((reference) => [process.execPath, cli, reference, "--ci", "--json", "/dev/null"]);
  results.runs.push({ what: "loop of layerscope REF --ci", ...measure(commands, { XDG_CACHE_HOME: cache }, [0, 1]) });
  rmSync(cache, { recursive: true, force: true });
}
if (only.includes("dive")) {
  const archive = join(work, "image.tar");
  const commands = references.flatMap((reference) => [
    ["sh", "-c", `rm -f ${archive} && exec skopeo --insecure-policy copy -q --src-tls-verify=false ${reference} docker-archive:${archive}`],
    [DIVE, "--source", "docker-archive", archive, "--ci"],
  ]);
  results.runs.push({ what: "loop of skopeo copy + dive --ci", ...measure(commands, { CI: "true" }, [0, 1]) });
}
mkdirSync(join(ROOT, "bench-results"), { recursive: true });
writeFileSync(join(ROOT, "bench-results/fleet-command.json"), JSON.stringify(results, null, 2) + "\n");
console.log(`${results.references} references, ${results.distinctImages} distinct images, ${layerDigests.size} distinct layer blobs`);
console.log(`| run | wall s | peak RSS MB | layer blob GETs | other blob GETs | load before → after |`);
console.log(`|---|---:|---:|---:|---:|---|`);
for (const run of results.runs) {
  console.log(`| ${run.what} | ${run.wallSeconds.toFixed(1)} | ${run.peakRssMb.toFixed(0)} | ${run.layerGets} | ${run.otherBlobGets} | ${run.loadBefore} → ${run.loadAfter} |`);
}
registry.kill("SIGTERM");
rmSync(work, { recursive: true, force: true });

/** Runs the commands one after another under GNU time; `ok` lists the exit statuses that are not failures. */
function measure(commands, env, ok = [0]) {
  const before = blobGets();
  const loadBefore = load();
  const started = process.hrtime.bigint();
  let peak = 0;
  for (const command of commands) {
    const result = spawnSync("/usr/bin/time", ["-f", "%M", ...command], { env: { ...process.env, CI: "", ...env }, encoding: "utf8", maxBuffer: 256 << 20 });
    const rss = Number(result.stderr.trim().split("\n").at(-1));
    if (!ok.includes(result.status ?? -1)) throw new Error(`${command.join(" ")} exited ${result.status}: ${result.stderr.slice(-500)}`);
    peak = Math.max(peak, rss);
  }
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = blobGets(before.lines);
  const layerGets = after.layers - before.layers;
  const distinctLayers = after.layerDigests.size;
  const run = { wallSeconds, peakRssMb: peak / 1024, layerGets, otherBlobGets: after.others - before.others, distinctLayersFetched: distinctLayers, loadBefore, loadAfter: load() };
  log(`${commands[0].slice(0, 4).join(" ")}…: ${JSON.stringify(run)}`);
  return run;
}

/**
 * Blob GETs answered by the registry so far (its access log, one line a request): layers, and the rest (configs);
 * `layerDigests`: the distinct layers among the requests after line `from`.
 */
function blobGets(from = 0) {
  const lines = readFileSync(logFile, "utf8").split("\n");
  const digestsOf = (part) =>
    part.map((line) => /"GET \/v2\/[^ ]+\/blobs\/(sha256:[a-f0-9]{64}) HTTP/.exec(line)?.[1])
    .filter((digest) => digest !== undefined);
  const digests = digestsOf(lines);
  const layers = digests.filter((digest) => layerDigests.has(digest));
  const recent = digestsOf(lines.slice(from)).filter((digest) => layerDigests.has(digest));
  return { layers: layers.length, others: digests.length - layers.length, layerDigests: new Set(recent), lines: lines.length };
}

/** Copies an image's manifest with a config that differs by one label: same layers, another image. */
async function pushVariant(from, repository, variant) {
  const accept = "application/vnd.oci.image.manifest.v1+json";
  const manifest = await (await fetch(`http://${address}/v2/${from}/manifests/v1`, { headers: { accept } })).json();
  for (const layer of manifest.layers) layerDigests.add(layer.digest);
  const config = await (await fetch(`http://${address}/v2/${from}/blobs/${manifest.config.digest}`)).json();
  config.config = { ...config.config, Labels: { ...(config.config?.Labels ?? {}), "bench.variant": String(variant) } };
  const configBytes = Buffer.from(JSON.stringify(config));
  const configDigest = `sha256:${createHash("sha256").update(configBytes).digest("hex")}`;
  for (const layer of manifest.layers) {
    const mount = await fetch(`http://${address}/v2/${repository}/blobs/uploads/?mount=${layer.digest}&from=${from}`, { method: "POST" });
    if (mount.status !== 201) throw new Error(`mount of ${layer.digest} into ${repository}: HTTP ${mount.status}`);
  }
  const start = await fetch(`http://${address}/v2/${repository}/blobs/uploads/`, { method: "POST" });
  const location = new URL(start.headers.get("location"), `http://${address}`);
  location.searchParams.set("digest", configDigest);
  const put = await fetch(location, { method: "PUT", body: configBytes, headers: { "content-type": "application/octet-stream" } });
  if (put.status !== 201) throw new Error(`config upload: HTTP ${put.status}`);
  const variantManifest = { ...manifest, config: { ...manifest.config, digest: configDigest, size: configBytes.length } };
  for (const tag of TAGS) {
    const answer = await fetch(`http://${address}/v2/${repository}/manifests/${tag}`, { method: "PUT", body: JSON.stringify(variantManifest), headers: { "content-type": accept } });
    if (answer.status !== 201) throw new Error(`manifest ${repository}:${tag}: HTTP ${answer.status}`);
  }
}

function availableCores() {
  return Number(execFileSync("nproc", { encoding: "utf8" }).trim());
}

async function waitFor(url) {
  for (let i = 0; i < 100; i++) {
    const answer = await fetch(url).catch(() => undefined);
    if (answer) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${url} did not answer`);
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port: free } = server.address();
      server.close(() => done(free));
    });
  });
}
