import React from "react";
import type { Hint } from "../../analysis/hints/types.js";
import type { PackageReport } from "../../packages/types.js";
import type { Layout } from "../state/layout.js";
import type { UiState } from "../state/ui-state.js";
import type { WasteRow } from "../state/waste-rows.js";
import type { Look } from "../use-look.js";
import { HelpOverlay } from "./HelpOverlay.js";
import { HintsOverlay } from "./HintsOverlay.js";
import { PackagesOverlay, type PackagesOverlayProps } from "./PackagesOverlay.js";
import { RangeOverlay, RangePending } from "./RangeOverlay.js";
import { ViewerOverlay } from "./ViewerOverlay.js";
import { WasteOverlay } from "./WasteOverlay.js";

export interface OverlayInputs {
  state: UiState;
  layout: Layout;
  width: number;
  colors: boolean;
  help: readonly string[];
  waste: readonly WasteRow[];
  look: Look;
  hints: readonly Hint[];
  hintPatches?: ReadonlyArray<string | undefined>;
  packages?: PackageReport;
  packageRows: PackagesOverlayProps["rows"];
  /** Why the waste, packages, hints and a range's changes are not known yet (the analysis runs or failed) */
  pending?: string;
}

/** The overlay the state asks for over the whole body, or undefined for the panes (an overlay with nothing to show yet). */
export function overlayFor({
  state,
  layout,
  width,
  colors,
  help,
  waste,
  look,
  hints,
  hintPatches,
  packages,
  packageRows,
  pending,
}: OverlayInputs): React.JSX.Element | undefined {
  const rows = layout.overlayRows;
  switch (state.overlay) {
    case "help":
      return <HelpOverlay lines={help} scroll={state.helpScroll} width={width} rows={rows} />;
    case "waste":
      return <WasteOverlay waste={waste} cursor={state.wasteCursor} width={width} rows={rows} colors={colors} pending={pending && `waste: ${pending}`} />;
    case "viewer":
      return state.viewer && <ViewerOverlay viewer={state.viewer} view={look.view} lines={look.lines} width={width} rows={rows} colors={colors} />;
    case "range":
      if (look.range) return <RangeOverlay range={look.range} cursor={state.rangeCursor ?? 0} width={width} rows={rows} colors={colors} />;
      return state.range && pending ? <RangePending from={state.range.from} to={state.range.to} pending={pending} width={width} rows={rows} /> : undefined;
    case "hints":
      return (
        <HintsOverlay
          hints={hints}
          patches={hintPatches}
          cursor={state.hintsCursor}
          width={width}
          rows={rows}
          colors={colors}
          pending={pending && `hints: ${pending}`}
        />
      );
    case "packages":
      return (
        <PackagesOverlay
          report={packages}
          rows={packageRows}
          cursor={state.packagesCursor}
          sort={state.packagesSort}
          layer={state.packagesOfLayer ? state.layer : undefined}
          width={width}
          height={rows + 1}
          colors={colors}
          pending={pending && `packages: ${pending}`}
        />
      );
    default:
      return undefined;
  }
}
