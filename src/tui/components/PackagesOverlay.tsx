import React, { useRef } from "react";
import { Box, Text } from "ink";
import type { PackageInfo, PackageReport } from "../../packages/types.js";
import { count, padEnd, padStart } from "../state/format.js";
import { windowStart } from "../state/layout.js";
import { PaneTitle } from "./PaneTitle.js";
import { bytes, clip } from "../../text/format.js";

function why(pkg: PackageInfo): string {
  const by = pkg.pulledBy?.length ? ` ${pkg.reason === "recommended" ? "by" : "of"} ${pkg.pulledBy[0]}` : "";
  const reason = pkg.reason === "dependency" ? `dep${by}` : pkg.reason === "recommended" ? `recommended${by}` : pkg.reason;
  return pkg.buildTool ? `${reason}, build tool` : reason;
}

const COLOR: Record<PackageInfo["reason"], string | undefined> = { requested: undefined, dependency: undefined, recommended: "yellow", unneeded: "red" };

export interface PackagesOverlayProps {
  report: PackageReport | undefined;
  rows: ReadonlyArray<{ pkg: PackageInfo; index: number }>;
  cursor: number;
  sort: "bytes" | "name";
  /** The layer shown, when only the selected layer's packages are */
  layer?: number;
  width: number;
  height: number;
  colors: boolean;
  /** Said instead of the list while the packages are not known yet */
  pending?: string;
}

export function PackagesOverlay({ report, rows, cursor, sort, layer, width, height, colors, pending }: PackagesOverlayProps): React.JSX.Element {
  const start = useRef(0);
  const listRows = Math.max(1, height - 2);
  start.current = windowStart(start.current, cursor, listRows, rows.length);
  const total = rows.reduce((sum, row) => sum + row.pkg.bytes, 0);
  const scope = layer === undefined ? "image" : `layer ${layer}`;
  const extra = pending
    ? ""
    : report
      ? `${scope} · ${count(rows.length)} packages · ${bytes(total)} · ${sort === "bytes" ? "largest first" : "by name"} · no package: ${bytes(report.unownedBytes)}`
      : "no package database";
  const shown = rows.slice(start.current, start.current + listRows);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle title="Packages" extra={extra} width={width} focused />
      {pending && <Text>{`  ${pending}`}</Text>}
      {!pending && !report && <Text>{"  no dpkg, apk, rpm, Python or npm database in this image: every byte belongs to no package"}</Text>}
      {report && rows.length === 0 && <Text>{`  no package was installed or upgraded by ${scope}`}</Text>}
      {report?.warnings.map((warning, i) => (
        <Text key={`w${i}`} color={colors ? "red" : undefined} wrap="truncate">
          {clip(`  warning: ${warning}`, width)}
        </Text>
      ))}
      {shown.map(({ pkg }, i) => {
        const index = start.current + i;
        const layers = pkg.upgradedLayer !== undefined ? `L${pkg.layer}→L${pkg.upgradedLayer}` : `L${pkg.layer}`;
        const line = `${padStart(bytes(pkg.bytes), 10)}  ${padStart(String(pkg.files), 6)}  ${padEnd(layers, 8)}  ${padEnd(clip(`${pkg.ecosystem}:${pkg.name}`, 34), 34)}  ${padEnd(clip(pkg.version, 22), 22)}  ${why(pkg)}`;
        return (
          <Text key={index} wrap="truncate" inverse={index === cursor} color={colors ? COLOR[pkg.reason] : undefined}>
            {index === cursor ? padEnd(clip(line, width), width) : clip(line, width)}
          </Text>
        );
      })}
    </Box>
  );
}
