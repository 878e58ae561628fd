import type { Analysis } from "../../analysis/types.js";
import { eachRun, RuleResults, type FixRule } from "../rule-context.js";
import { insertAfter, isSubcommand, literalArgs } from "../run-view.js";

const APT = /^apt(?:-get)?$/;
/** dpkg's own records of any package, which change whenever the set of packages does */
export const DPKG_DATABASE = ["/var/lib/dpkg/status", "/var/lib/dpkg/status-old", "/var/lib/dpkg/available", "/var/lib/dpkg/triggers/**", "/var/cache/debconf/**"];

/**
 * `--apply all`: `apt-get install --no-install-recommends`. The packages only a Recommends edge brought into the
 * layer go, and are listed with their bytes; the fix accounts for their files, their dpkg records and docs, and
 * the paths the RUN wrote.
 */
export const recommendsRule: FixRule = {
  ids: ["apt-recommends"],
  modes: ["all"],
  apply(context, hints) {
    const results = new RuleResults();
    eachRun(context, hints, results, (ins, view, group) => {
      const words = view.commands.flatMap((c) => (literalArgs(c).includes("--no-install-recommends") ? [] : (isSubcommand(c, APT, ["install"]) ?? [])));
      if (words.length === 0) return results.skip(group, `no apt-get install of the RUN at line ${ins.line} lacks --no-install-recommends`);
      const layers = new Set(group.map((hint) => hint.layer));
      const packages = (context.analysis.summary.packages?.packages ?? []).filter((p) => p.ecosystem === "deb" && p.reason === "recommended" && layers.has(p.layer));
      results.add(
        {
          rule: "no-install-recommends",
          line: ins.line,
          description: `apt-get install --no-install-recommends: ${packages.length} recommended-only package${packages.length === 1 ? "" : "s"} go`,
          edits: words.map((word) => insertAfter(word, "--no-install-recommends")),
          accounts: [...packageAccounts(context.analysis, new Set(packages.map((p) => p.name))), ...DPKG_DATABASE, ...writtenBy(context.analysis, layers)],
          packages: packages.map((p) => ({ name: p.name, bytes: p.bytes })).sort((a, b) => b.bytes - a.bytes),
          review: "what the recommended packages did is gone: check that the image does not use them",
        },
        group,
      );
    });
    return results;
  },
};

/**
 * Every path the RUN's layers wrote: with other packages, the RUN writes other files (what maintainer scripts
 * generate, such as ca-certificates' /etc/ssl/certs, belongs to no package).
 */
function writtenBy(analysis: Analysis, layers: Set<number>): string[] {
  return [...layers].flatMap((layer) => analysis.tree.changesOf(layer).filter((change) => change.kind !== "removed").map((change) => change.path));
}

/** The files of the named packages in the final tree, with their dpkg records and documentation folders. */
function packageAccounts(analysis: Analysis, names: Set<string>): string[] {
  const packages = analysis.summary.packages?.packages ?? [];
  const paths: string[] = [];
  for (const [path, index] of analysis.packageFiles ?? []) if (names.has(packages[index]?.name ?? "")) paths.push(path);
  for (const name of names) paths.push(`/var/lib/dpkg/info/${name}.*`, `/var/lib/dpkg/info/${name}:*`, `/usr/share/doc/${name}`, `/usr/share/doc/${name}/**`);
  return paths;
}
