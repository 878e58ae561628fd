import { PackageDbError } from "./control.js";
import type { DbFiles } from "./db-files.js";
import { contentOf } from "./dpkg.js";
import type { EcoPackage, EcosystemReader } from "./ecosystem.js";
import { NO_NODE } from "../tree/node-table.js";

const META_DIR = /^(.*(?:site|dist)-packages)\/([^/]+\.(?:dist-info|egg-info))(?:\/([^/]+))?$/;

interface PythonPackage extends EcoPackage {
  /** Directory the RECORD paths are relative to (site-packages) */
  base: string;
  /** Paths of the file list, as written (relative to `base` for RECORD, to the egg-info dir for installed-files) */
  list: string[];
  listBase: string;
}

/** RFC 822 style headers of METADATA/PKG-INFO, up to the first blank line (the description follows it). */
function parseHeaders(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") break;
    const colon = line.indexOf(":");
    if (colon <= 0 || line.startsWith(" ") || line.startsWith("\t")) continue;
    const key = line.slice(0, colon).toLowerCase();
    headers.set(key, [...(headers.get(key) ?? []), line.slice(colon + 1).trim()]);
  }
  return headers;
}

/** PEP 503 normalisation: `Foo_bar.Baz` and `foo-bar-baz` are the same project */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** The first field of a RECORD line (CSV: a path with a comma is quoted) */
function recordPath(line: string): string {
  if (!line.startsWith('"')) return line.slice(0, line.indexOf(",") < 0 ? line.length : line.indexOf(","));
  let out = "";
  for (let i = 1; i < line.length; i++) {
    if (line[i] === '"') {
      if (line[i + 1] === '"') {
        out += '"';
        i++;
      } else break;
    } else out += line[i];
  }
  return out;
}

function readPython(files: DbFiles, layer: number): PythonPackage[] {
  const dirs = new Map<string, { base: string; dir: string; parts: Map<string, string>; bare: boolean }>();
  for (const path of files.pathsAt((p) => META_DIR.test(p), layer)) {
    const [, base, dirName, part] = META_DIR.exec(path)!;
    const dir = `${base}/${dirName}`;
    let entry = dirs.get(dir);
    if (!entry) dirs.set(dir, (entry = { base, dir, parts: new Map(), bare: part === undefined }));
    // a bare `X.egg-info` file (distutils) is its own PKG-INFO
    entry.parts.set(part ?? "PKG-INFO", contentOf(files.at(path, layer)!, "/" + path));
  }
  const packages: PythonPackage[] = [];
  for (const { base, dir, parts, bare } of dirs.values()) {
    const metadata = parts.get("METADATA") ?? parts.get("PKG-INFO");
    if (metadata === undefined) continue; // a RECORD without METADATA: not an installed distribution
    const headers = parseHeaders(metadata);
    const name = headers.get("name")?.[0];
    const version = headers.get("version")?.[0];
    if (!name || !version) throw new PackageDbError(`/${dir}: metadata has no Name or Version`);
    const requires = (headers.get("requires-dist") ?? []).filter((req) => !/\bextra\s*==/.test(req)).map((req) => [normalise(req.split(/[\s;(<>=!~[]/)[0])]);
    const installer = parts.get("INSTALLER")?.trim();
    const record = parts.get("RECORD");
    const installed = parts.get("installed-files.txt");
    const lines = (record ?? installed ?? "")
      .split("\n")
      .map((line) => line.replace(/\r$/, ""))
      .filter((line) => line !== "");
    packages.push({
      name: normalise(name),
      version,
      key: `${base}:${normalise(name)}`,
      metadataPath: bare ? `/${dir}` : `/${dir}/${parts.has("METADATA") ? "METADATA" : "PKG-INFO"}`,
      // pip writes REQUESTED for what was asked for by name; a distribution another installer (dpkg) put there counts as asked for
      manual: parts.has("REQUESTED") || (installer !== undefined && installer !== "pip") || (record === undefined && installer === undefined),
      strong: requires,
      weak: [],
      provides: [],
      buildToolByName: false,
      base,
      list: record !== undefined ? lines.map(recordPath) : lines,
      listBase: record !== undefined ? base : dir,
    });
  }
  return packages;
}

export const pythonReader: EcosystemReader = {
  ecosystem: "python",
  present: (files) => [...files.history.keys()].some((path) => META_DIR.test(path)),
  changes: (path) => META_DIR.test(path),
  read: readPython,
  *owned(_files, pkg, _layer, tree) {
    const python = pkg as PythonPackage;
    for (const entry of python.list) {
      const node = tree.lookup(entry.startsWith("/") ? entry : `/${python.listBase}/${entry}`);
      if (node !== NO_NODE) yield node;
    }
  },
};
