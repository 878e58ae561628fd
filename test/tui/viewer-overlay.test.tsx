import { render } from "ink-testing-library";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { ViewerOverlay } from "../../src/tui/components/ViewerOverlay.js";
import type { LoadedView } from "../../src/tui/use-view-content.js";

function title(view: LoadedView): string {
  const lines = { count: 1, line: () => ({ kind: "note" as const, text: view.message ?? "" }) };
  const ui = render(
    <ViewerOverlay viewer={{ path: "/bin", layer: 0, mode: "file", scroll: 0 }} view={view} lines={lines} width={80} rows={5} colors={false} />,
  );
  const first = (ui.lastFrame() ?? "").split("\n")[0];
  ui.unmount();
  return first.trimEnd();
}

describe("the viewer's title", () => {
  it("calls a file text or hex, and a message neither", () => {
    expect(title({ key: "k", loading: false, message: "/bin: a directory, not a regular file" })).toBe(" /bin · layer 0");
    const file = { path: "/bin", layer: 0, bytes: Buffer.from("hi\n"), size: 3, binary: false, member: "0:0" };
    expect(title({ key: "k", loading: false, file })).toBe(" /bin · layer 0  3 B · text");
  });
});

/** The frame of a text file's lines in the viewer, a row each */
function textFrame(path: string, text: string[], width: number, rows: number): string[] {
  const lines = { count: text.length, line: (i: number) => ({ kind: "text" as const, text: text[i] }) };
  const file = { path, layer: 0, bytes: Buffer.from(text.join("\n")), size: text.join("\n").length, binary: false, member: "0:0" };
  const ui = render(
    <ViewerOverlay
      viewer={{ path, layer: 0, mode: "file", scroll: 0 }}
      view={{ key: "k", loading: false, file }}
      lines={lines}
      width={width}
      rows={rows}
      colors={false}
    />,
  );
  const frame = (ui.lastFrame() ?? "").split("\n");
  ui.unmount();
  return frame;
}

describe("the viewer's lines", () => {
  it("fit the width in terminal columns: a line of CJK text is cut, not wrapped over the next rows", () => {
    const text = "日本語のテキスト".repeat(40);
    const frame = textFrame("/v/wide.txt", [text, "short", text], 100, 3);
    expect(frame).toHaveLength(4);
    expect(frame[0]).toMatch(/^ \/v\/wide\.txt · layer 0/);
    expect(frame[1]).toBe(`${"日本語のテキスト".repeat(6)}日…`);
    expect(frame[2].trimEnd()).toBe("short");
    for (const line of frame) expect(stringWidth(line)).toBeLessThanOrEqual(100);
  });

  it("keep a blank line of the file as a row of its own", () => {
    const text = ["#!/usr/bin/perl", "", "", "use strict;", "", "1;"];
    const frame = textFrame("/s", text, 40, 6).map((line) => line.trimEnd());
    expect(frame.slice(1)).toEqual(text);
  });
});
