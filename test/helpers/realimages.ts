import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { integrationOnly } from "./project.js";

const images = resolve(process.cwd(), "../shared/realimages/images.sh");

/**
 * Path of a real image export or truth file. `.ci/run` builds the set first, so the cache is trusted (a missing
 * export is still built); the scripts' progress goes to stderr and is shown only when they fail.
 */
export function realImage(name: string, format = "docker-archive"): string {
  integrationOnly("a real image of ../shared/realimages");
  try {
    return execFileSync(images, ["path", name, format], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LAB_TRUST_CACHE: "1" },
    }).trim();
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim().split("\n").slice(-5).join("\n");
    throw new Error(`images.sh path ${name} ${format} failed:\n${stderr}`);
  }
}
