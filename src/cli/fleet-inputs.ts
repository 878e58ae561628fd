import { readFile } from "node:fs/promises";
import { globTest } from "../analysis/glob.js";
import { parseReferenceList, podImages } from "../fleet/inputs.js";
import { listRegistry, splitLocation } from "../sources/registry/listing.js";
import { listContainerdImages, listStorageImages } from "../sources/transports/store-listing.js";
import { UsageError } from "./errors.js";
import type { CliIo } from "./io.js";
import { absolutePath } from "../fs/paths.js";
import { fsErrorReason } from "../fs/fs-error.js";

/** The options of `layerscope fleet` that name images. */
export interface FleetInputFlags {
  list?: string;
  registry?: string[];
  match?: string[];
  tagsPerRepo?: string;
  containerd?: string;
  store?: string[];
  pods?: string;
  containerdAddress?: string;
  insecure?: boolean;
}

/** Every reference the inputs name, in order, each once; lines for what a listing cut short go to `notes`. */
export async function gatherReferences(
  args: string[],
  flags: FleetInputFlags,
  io: CliIo,
  credentials: { username: string; password: string } | undefined,
  notes: string[],
): Promise<string[]> {
  if (flags.list === "-" && flags.pods === "-") throw new UsageError("--list - and --pods - both want standard input: give one a file");
  const references = [...args];
  if (flags.list !== undefined)
    references.push(...parseReferenceList(await readInput(flags.list, io, "--list"), flags.list === "-" ? "standard input" : flags.list));
  if (flags.pods !== undefined) references.push(...podImages(await readInput(flags.pods, io, "--pods"), flags.pods === "-" ? "standard input" : flags.pods));
  const matches = matcher(flags.match);
  const tagsPerRepository = flags.tagsPerRepo === undefined ? undefined : count(flags.tagsPerRepo, "--tags-per-repo");
  if (tagsPerRepository !== undefined && (flags.registry ?? []).length === 0)
    throw new UsageError("--tags-per-repo goes with --registry: it keeps N tags of each repository listed");
  for (const location of flags.registry ?? []) {
    splitLocation(location); // a bad location fails before any request
    const listing = await listRegistry(location, {
      ...(matches ? { matches } : {}),
      ...(tagsPerRepository !== undefined ? { tagsPerRepository } : {}),
      insecure: flags.insecure,
      ...(credentials ? { credentials } : {}),
    });
    references.push(...listing.references);
    notes.push(...listing.notes);
  }
  if (flags.containerd !== undefined)
    references.push(...(await listContainerdImages({ namespace: flags.containerd, containerdAddress: flags.containerdAddress })));
  for (const spec of flags.store ?? []) {
    const listed = await listStorageImages(spec);
    references.push(...listed.references);
    if (listed.unnamed > 0) notes.push(`${spec}: ${listed.unnamed} images without a name left out`);
  }
  const matched = matches && (flags.registry ?? []).length === 0 ? references.filter((reference) => matchesReference(matches, reference)) : references;
  return [...new Set(matched)];
}

/** `--match` globs: a glob with `:` is matched against `repository:tag`, any other against the repository. */
function matcher(globs: string[] | undefined): ((repository: string, tag?: string) => boolean) | undefined {
  if (!globs || globs.length === 0) return undefined;
  const withTag = globTest(globs.filter((glob) => glob.includes(":")));
  const repositoryOnly = globs.filter((glob) => !glob.includes(":"));
  const repository = repositoryOnly.length > 0 ? globTest(repositoryOnly) : () => false;
  const anyTagGlob = globs.some((glob) => glob.includes(":"));
  return (name, tag) => repository(name) || (anyTagGlob && (tag === undefined ? true : withTag(`${name}:${tag}`)));
}

/** For references not from a registry listing: the repository part after the host, and the tag. */
function matchesReference(matches: (repository: string, tag?: string) => boolean, reference: string): boolean {
  const bare = reference.replace(/^(?:docker|containerd):\/\/|^containers-storage:(?:\[[^\]]*\])?/, "");
  const at = bare.indexOf("@");
  const named = at >= 0 ? bare.slice(0, at) : bare;
  const colon = named.lastIndexOf(":");
  const hasTag = colon > named.lastIndexOf("/");
  const name = hasTag ? named.slice(0, colon) : named;
  const repository = name.includes("/") && /[.:]|^localhost$/.test(name.split("/")[0]) ? name.slice(name.indexOf("/") + 1) : name;
  return matches(repository, hasTag ? named.slice(colon + 1) : "latest");
}

async function readInput(target: string, io: CliIo, option: string): Promise<string> {
  if (target === "-") return io.readStdin?.() ?? "";
  try {
    return await readFile(absolutePath(target, io.cwd), "utf8");
  } catch (error) {
    throw new UsageError(`${option} ${target}: cannot read it: ${fsErrorReason(error)}`);
  }
}

export function count(text: string, option: string): number {
  if (!/^\d{1,6}$/.test(text.trim()) || Number(text) < 1) throw new UsageError(`${option} ${text}: give a whole number from 1`);
  return Number(text);
}
