import type { TreeNode } from "../tree/merge.js";
import { dpkgChanged, dpkgFileList, hasDpkg, readDpkgPackages, type DebPackage } from "./dpkg.js";
import type { EcoPackage, EcosystemReader } from "./ecosystem.js";
import { lookupPath } from "./tree-lookup.js";

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
  *owned(files, pkg, layer, root) {
    for (const path of dpkgFileList(files, (pkg as DebEcoPackage).deb, layer)) {
      const node: TreeNode | undefined = lookupPath(root, path);
      if (node) yield node;
    }
  },
};
