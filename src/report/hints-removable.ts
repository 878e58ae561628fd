import prettyBytes from "pretty-bytes";

/** What the fixes of a list of hints remove together (removableBytes), and the image's total bytes. */
export interface RemovableTotal {
  bytes: number;
  imageBytes: number;
}

/**
 * The line every report gives under its hints (text, Markdown, HTML page):
 * `Removable by the hints together: 420 MB of the image's 616 MB (a byte several hints name counts once)`.
 */
export function removableText(removable: number, imageBytes: number): string {
  return `Removable by the hints together: ${prettyBytes(removable)} of the image's ${prettyBytes(imageBytes)} (a byte several hints name counts once)`;
}
