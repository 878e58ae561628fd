import { useEffect, useState } from "react";
import type { Analysis } from "../analysis/types.js";
import { readFileAt, readVersions, type ContentAccess, type FileBytes } from "./content-view.js";
import type { ViewerState } from "./state/look-actions.js";
import { diffViewLines, type ViewLine } from "./state/viewer-lines.js";

/** What the UI says of file contents before the analysis ends */
export const NOT_YET = "file contents: shown once the analysis ends";

/** What the viewer shows for its current file and mode, once read. */
export interface LoadedView {
  key: string;
  loading: boolean;
  file?: FileBytes;
  diff?: ViewLine[];
  message?: string;
}

function viewKey(viewer: ViewerState): string {
  return `${viewer.mode}:${viewer.layer}:${viewer.path}`;
}

/**
 * Reads the viewer's file (or both versions for a diff) off the render path; a newer request wins. Without the
 * analysis (it is still running) the viewer says when it can show the file.
 */
export function useViewContent(analysis: Analysis | undefined, access: ContentAccess | undefined, viewer: ViewerState | undefined): LoadedView | undefined {
  const [loaded, setLoaded] = useState<LoadedView>();
  const key = viewer ? viewKey(viewer) : undefined;
  useEffect(() => {
    if (!viewer || key === undefined) return;
    if (!analysis) {
      setLoaded({ key, loading: false, message: NOT_YET });
      return;
    }
    if (!access) {
      setLoaded({ key, loading: false, message: "file contents are not available here (the UI was started without its image source)" });
      return;
    }
    let live = true;
    setLoaded({ key, loading: true });
    const load = async (): Promise<LoadedView> => {
      if (viewer.mode === "file") {
        const file = await readFileAt(analysis, access, viewer.layer, viewer.path);
        return typeof file === "string" ? { key, loading: false, message: file } : { key, loading: false, file };
      }
      const versions = await readVersions(analysis, access, viewer.layer, viewer.path);
      if (versions.kind === "message") return { key, loading: false, message: versions.text };
      if (versions.kind !== "diff") return { key, loading: false };
      return { key, loading: false, diff: await diffViewLines(versions.base, versions.head) };
    };
    load().then(
      (view) => live && setLoaded(view),
      (error: unknown) => live && setLoaded({ key, loading: false, message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
    // the viewer's scroll and hex toggle need no new read
  }, [key, analysis, access]); // eslint-disable-line react-hooks/exhaustive-deps
  return loaded?.key === key ? loaded : key === undefined ? undefined : { key, loading: true };
}
