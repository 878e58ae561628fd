/**
 * `Intl.Segmenter` for the UI bundle (scripts/bundle.mjs puts it in place of `Intl.Segmenter` in Ink's
 * dependencies: string-width, slice-ansi, ansi-tokenize). Creating the first ICU segmenter of a process costs
 * 15–40 ms of CPU, and the UI's first frame needs one for its box-drawing characters alone. A string made only of
 * characters that each form a grapheme of their own, whatever their neighbours (none is a combining mark, a joiner,
 * a prepended mark, a regional indicator, a Hangul jamo or a carriage return, nor outside the Basic Multilingual
 * Plane), is split into its code units here, as ICU would split it (test/tui/grapheme-segmenter.test.ts checks
 * each such character); any other string, or any other granularity, goes to ICU's segmenter, created on first use.
 */

/**
 * ASCII and C0/C1 controls but CR (CR LF is one grapheme), Latin-1, Latin Extended A/B, IPA and spacing modifier
 * letters (the combining marks start at U+0300), general punctuation without the zero-width joiners and the line
 * and paragraph separators, arrows, mathematical operators and technical symbols, box drawing, block elements and
 * geometric shapes.
 */
const STANDALONE = /^[\0-\x0c\x0e-\u02ff\u2010-\u2027\u2030-\u205e\u2190-\u23ff\u2500-\u25ff]*$/;

/** Whether each code unit of the string is a grapheme of its own (the strings split here, not by ICU). */
export function splitsByCodeUnit(text: string): boolean {
  return STANDALONE.test(text);
}

interface Segment {
  segment: string;
  index: number;
  input: string;
}

interface Segments extends Iterable<Segment> {
  containing(index?: number): Segment | undefined;
}

/** One grapheme per code unit. */
class CodeUnitSegments implements Segments {
  constructor(private readonly input: string) {}

  containing(index?: number): Segment | undefined {
    const at = Math.trunc(Number(index)) || 0; // ToIntegerOrInfinity, as Intl's containing() reads it
    if (at < 0 || at >= this.input.length) return undefined;
    return { segment: this.input[at]!, index: at, input: this.input };
  }

  *[Symbol.iterator](): Iterator<Segment> {
    const input = this.input;
    for (let index = 0; index < input.length; index++) yield { segment: input[index]!, index, input };
  }
}

export class GraphemeSegmenter {
  private icu: Intl.Segmenter | undefined;
  private readonly graphemes: boolean;

  constructor(
    private readonly locales?: string | string[],
    private readonly options?: Intl.SegmenterOptions,
  ) {
    this.graphemes = (options?.granularity ?? "grapheme") === "grapheme";
    if (!this.graphemes) this.icu = new globalThis.Intl.Segmenter(locales, options);
  }

  segment(input: string): Segments {
    const text = String(input);
    if (this.graphemes && splitsByCodeUnit(text)) return new CodeUnitSegments(text);
    this.icu ??= new globalThis.Intl.Segmenter(this.locales, this.options);
    return this.icu.segment(text);
  }

  resolvedOptions(): Intl.ResolvedSegmenterOptions {
    this.icu ??= new globalThis.Intl.Segmenter(this.locales, this.options);
    return this.icu.resolvedOptions();
  }
}
