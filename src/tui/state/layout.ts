const MIN_WIDTH = 60;
const MIN_HEIGHT = 16;

export interface Layout {
  width: number;
  height: number;
  /** Rows for everything above the status line */
  body: number;
  leftWidth: number;
  treeWidth: number;
  /** Visible layer rows (header excluded) */
  layerRows: number;
  /** Lines of the layer details pane (header included) */
  layerDetailsHeight: number;
  /** Lines of the image details pane (header included) */
  imageDetailsHeight: number;
  /** Visible tree rows (title and column header excluded) */
  treeRows: number;
  /** Rows of an overlay list (help, waste), its title excluded */
  overlayRows: number;
}

export type LayoutResult = { ok: true; layout: Layout } | { ok: false; message: string };

/** `height` is the rows to draw in; `terminalRows` the terminal's own, when the caller keeps some back. */
export function computeLayout(width: number, height: number, layerCount: number, terminalRows = height): LayoutResult {
  const spare = terminalRows - height;
  if (width < MIN_WIDTH || height < MIN_HEIGHT) {
    return {
      ok: false,
      message: `terminal too small (${width}x${terminalRows}); layerscope needs at least ${MIN_WIDTH}x${MIN_HEIGHT + spare}`,
    };
  }
  const body = height - 1;
  const leftWidth = Math.min(80, Math.max(36, Math.floor(width * 0.42)));
  const treeWidth = width - leftWidth;
  const layerRows = Math.max(1, Math.min(layerCount, Math.max(3, Math.floor(body * 0.4))));
  const remaining = body - 1 - layerRows;
  const commandLines = Math.min(4, Math.max(1, remaining - 10));
  const layerDetailsHeight = 3 + commandLines;
  const imageDetailsHeight = remaining - layerDetailsHeight;
  return {
    ok: true,
    layout: {
      width,
      height,
      body,
      leftWidth,
      treeWidth,
      layerRows,
      layerDetailsHeight,
      imageDetailsHeight,
      treeRows: body - 2,
      overlayRows: body - 1,
    },
  };
}

/**
 * First visible row of a list window so that `cursor` stays in view: moving as little as possible when the
 * cursor steps just out of view, centring it when it jumped further (a waste jump, a path followed to a new layer).
 */
export function windowStart(previous: number, cursor: number, rows: number, count: number): number {
  let start = previous;
  if (cursor < start - 1 || cursor > start + rows) start = cursor - Math.floor(rows / 2);
  else if (cursor < start) start = cursor;
  else if (cursor >= start + rows) start = cursor - rows + 1;
  return Math.max(0, Math.min(start, Math.max(0, count - rows)));
}
