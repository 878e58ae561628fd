import type { Hint } from "../../analysis/hints/types.js";
import type { ModelInstruction } from "../dockerfile-model.js";
import { RuleResults, type FixRule, type RuleContext } from "../rule-context.js";
import { prependCommand, removeInstruction } from "../run-view.js";
import type { TextEdit } from "../types.js";

/**
 * A credential in ARG or ENV: the instruction goes (its value with it), and each later RUN of the stage that uses
 * the variable reads it from a build secret instead: `RUN --mount=type=secret,id=NAME` and
 * `NAME="$(cat /run/secrets/NAME)" && export NAME` first (the assignment fails the RUN when the build passes no
 * such secret, instead of going on with an empty value). Flagged for the reviewer: the build must pass the secret
 * (`--secret id=NAME,…`), and an ENV value is no longer in the image at run time.
 */
export const secretsRule: FixRule = {
  ids: ["secret-build-arg", "secret-env"],
  modes: ["safe", "all"],
  apply(context, hints) {
    const results = new RuleResults();
    // a build argument is hinted once per layer whose history records it: one fix answers them all
    const groups = new Map<string, Hint[]>();
    for (const hint of hints) {
      const key = `${hint.id} ${hint.line} ${hint.instruction}`;
      groups.set(key, [...(groups.get(key) ?? []), hint]);
    }
    for (const group of groups.values()) {
      const hint = group[0];
      const keyword = hint.id === "secret-env" ? "ENV" : "ARG";
      const name = hint.instruction?.split(" ")[1];
      const ins = hint.line !== undefined ? context.model.instructions.find((other) => other.line === hint.line && other.keyword === keyword) : undefined;
      if (!name || !ins) {
        results.skip(group, `no ${keyword} instruction matches the hint`);
        continue;
      }
      if (!declaresOnly(context, ins, name)) {
        results.skip(group, `the ${keyword} at line ${ins.line} sets more than ${name}: left as it is`);
        continue;
      }
      const edits: TextEdit[] = [removeInstruction(context.model, ins)];
      const users = usersOf(context, ins, name);
      if (typeof users === "string") {
        results.skip(group, users);
        continue;
      }
      for (const run of users) {
        const view = context.run(run);
        if ("error" in view) continue;
        edits.push({ start: run.bodyStart, end: run.bodyStart, text: `--mount=type=secret,id=${name} ` });
        edits.push(prependCommand(view, `${name}="$(cat /run/secrets/${name})" && export ${name}`));
      }
      const pass = `pass the secret to the build: --secret id=${name},env=${name} (docker), --secret id=${name},src=FILE (buildah, podman)`;
      results.add(
        {
          rule: "secret-mount",
          line: ins.line,
          description: `${keyword} ${name} removed${users.length > 0 ? `; the RUN${users.length === 1 ? "" : "s"} of line ${users.map((u) => u.line).join(", ")} read it from a secret mount` : ""}`,
          edits,
          // the builder leaves the secrets' mount point behind, empty
          accounts: users.length > 0 ? ["/run/secrets"] : [],
          secrets: [name],
          review: keyword === "ENV" ? `${name} is no longer set in the image: pass it at run time (docker run -e ${name}); ${pass}` : pass,
        },
        group,
      );
    }
    return results;
  },
};

function declaresOnly(context: RuleContext, ins: ModelInstruction, name: string): boolean {
  const body = context.body(ins).trim();
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped}(?:(?:=|\\s+)(?:"[^"]*"|'[^']*'|[^\\s"']*))?$`).test(body);
}

/** The later RUNs of the stage that use $NAME; a reason when one of them cannot be rewritten. */
function usersOf(context: RuleContext, ins: ModelInstruction, name: string): ModelInstruction[] | string {
  const use = new RegExp(`\\$\\{?${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`);
  const users: ModelInstruction[] = [];
  for (const other of context.model.instructions) {
    if (other.stage !== ins.stage || other.line <= ins.line || !use.test(context.body(other))) continue;
    if (other.keyword !== "RUN") return `line ${other.line} (${other.keyword}) uses ${name}: left as it is`;
    const view = context.run(other);
    if ("error" in view) return view.error;
    users.push(other);
  }
  return users;
}
