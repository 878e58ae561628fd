import { dpkgChanged, dpkgFileList, hasDpkg, readDpkgPackages, type DebPackage } from "./dpkg.js";
import type { EcoPackage, EcosystemReader } from "./ecosystem.js";
import { NO_NODE } from "../tree/node-table.js";

interface DebEcoPackage extends EcoPackage {
  deb: DebPackage;
}

export const debReader: EcosystemReader = {
  ecosystem: "deb",
  present: hasDpkg,
  changes: dpkgChanged,
  read(files, layer) {
    return readDpkgPackages(files, layer).map((deb): DebEcoPackage => ({ ...deb, key: `${deb.name}:${deb.arch}`, deb }));
  },
  *owned(files, pkg, layer, tree) {
    for (const path of dpkgFileList(files, (pkg as DebEcoPackage).deb, layer)) {
      const node = tree.lookup(path);
      if (node !== NO_NODE) yield node;
    }
  },
};
