import type { ImageSpec } from "../helpers/build-image.js";

/** A three-layer image with a whiteout, a symlink, a hardlink and a large uid; used by the reader tests. */
export const threeLayers: ImageSpec = {
  layers: [
    {
      entries: [
        { path: "etc", type: "dir" },
        { path: "etc/app.conf", content: "a=1\n" },
        { path: "bin/sh", content: "#!" },
      ],
      createdBy: "ADD rootfs /",
    },
    { entries: [{ path: "etc/.wh.app.conf" }, { path: "data/big.bin", size: 5000, uid: 3_000_000 }], createdBy: "RUN rm /etc/app.conf" },
    {
      entries: [
        { path: "link", type: "symlink", linkname: "/data/big.bin" },
        { path: "hard", type: "hardlink", linkname: "data/big.bin" },
      ],
      createdBy: "RUN ln",
    },
  ],
  history: [{ createdBy: "ADD rootfs /" }, { createdBy: "ENV A=1", emptyLayer: true }, { createdBy: "RUN rm /etc/app.conf" }, { createdBy: "RUN ln" }],
  tags: ["app:1.0"],
};

export const expectedPaths = [
  ["etc", "etc/app.conf", "bin/sh"],
  ["etc/.wh.app.conf", "data/big.bin"],
  ["link", "hard"],
];

export function oneLayer(marker: string, platform?: string, tags?: string[]): ImageSpec {
  return { layers: [[{ path: marker, content: marker }]], ...(platform ? { platform } : {}), ...(tags ? { tags } : {}) };
}
