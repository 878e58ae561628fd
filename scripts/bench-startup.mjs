// Start-up cost of the shipped CLI: `node -e 0` against layerscope's `--ci --json -` on the tiny image (and any
// other commands given), run alternately, median wall time and peak RSS of each. layerscope's layer and analysis
// caches are emptied before each run (its code cache is kept): otherwise every run after the first would be a
// rerun served by the analysis cache.
//   node scripts/bench-startup.mjs [--rounds N] [--image PATH] [-- NAME=COMMAND ...]
// Without commands it compares `node -e 0`, the shipped bin (bin/layerscope.js) and the tsc path (dist/cli/main.js).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { analysisColdHome, measure, medians } from "./bench-measure.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const rounds = Number(option("--rounds", "15"));
const image =
  option("--image", undefined) ??
  execFileSync("../shared/realimages/images.sh", ["path", "tiny", "docker-archive"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    env: { ...process.env, LAB_TRUST_CACHE: "1" },
  }).trim();

const node = process.execPath;
const dashDash = args.indexOf("--");
const commands =
  dashDash >= 0
    ? args.slice(dashDash + 1).map((spec) => {
        const eq = spec.indexOf("=");
        return {
          name: spec.slice(0, eq),
          argv: spec
            .slice(eq + 1)
            .split(" ")
            .map((part) => (part === "IMAGE" ? image : part)),
        };
      })
    : [
        { name: "node -e 0", argv: [node, "-e", "0"] },
        { name: "bin/layerscope.js", argv: [node, "bin/layerscope.js", image, "--ci", "--json", "-"] },
        ...(existsSync("dist/cli/main.js")
          ? [
              {
                name: "tsc dist/",
                argv: [
                  node,
                  "--input-type=module",
                  "-e",
                  `const { main } = await import("./dist/cli/main.js"); process.exitCode = await main(["node", "layerscope", ${JSON.stringify(image)}, "--ci", "--json", "-"]);`,
                ],
              },
            ]
          : []),
      ];

const home = analysisColdHome();
process.on("exit", home.remove);
const env = { ...home.env, CI: "" };
const results = commands.map(() => []);
for (let round = 0; round < rounds + 1; round++) {
  for (const [i, command] of commands.entries()) {
    const result = await measure(command.argv, { env, okStatus: [0, 1], before: home.clear });
    if (round > 0) results[i].push(result); // round 0 warms the page cache
  }
}
const floor = medians(results[0]).wallMs;
for (const [i, command] of commands.entries()) {
  const m = medians(results[i]);
  const ratio = (m.wallMs / floor).toFixed(2);
  const cpu = m.cpuMs === null ? "" : `cpu ${m.cpuMs.toFixed(0).padStart(4)} ms ×${(m.cpuMs / medians(results[0]).cpuMs).toFixed(2)}  `;
  console.log(
    `${command.name.padEnd(20)} wall ${m.wallMs.toFixed(0).padStart(5)} ms ×${ratio}  ${cpu}${m.rssKb === null ? "" : `${(m.rssKb / 1024).toFixed(0)} MB`}  (median of ${m.runs})`,
  );
}
