// The performance targets, each against this run's figures: met, not met (with the figure and why), or not measured
// in this run (its section was skipped). The reasons name what the measured cost is made of; their numbers come from
// this run, and the longer account is in docs/performance.md.
const SECONDS = (ms) => `${(ms / 1000).toFixed(2)} s`;
const MB = (kb) => `${Math.round(kb / 1024)} MB`;
const TIMES = (ratio) => `${ratio.toFixed(2)}×`;
const range = (times) => {
  const [low, high] = [SECONDS(Math.min(...times)), SECONDS(Math.max(...times))];
  return low === high ? low : `${low.slice(0, -2)}–${high}`;
};

/**
 * One row a target. `figures` are the bench's results so far: startup, dive, live, big, warm, million, huge (each may
 * be empty or absent).
 */
export function targetRows({ startup, dive = [], live = [], big = [], warm = [], million, huge }) {
  const rows = [];
  const add = (target, items, limit, format, why) => {
    const measured = items.filter((item) => item.value !== null && item.value !== undefined);
    if (measured.length === 0) return rows.push({ target, measured: "not measured in this run", status: "—" });
    const over = measured.filter((item) => item.value > limit).sort((a, b) => b.value - a.value);
    const list = (items) => items.map((item) => `${item.label} ${format(item.value)}`).join(", ");
    const text =
      measured.length <= 4 || over.length === 0
        ? list(measured)
        : `${over.length} of ${measured.length} above: ${list(over.slice(0, 4))}${over.length > 4 ? ", …" : ""}`;
    rows.push({ target, measured: text, status: over.length === 0 ? "met" : `not met: ${why(over)}` });
  };
  const nodeMs = startup?.["node -e 0"]?.wallMs;
  const floor = startup?.["layerscope tiny"]?.wallMs;
  const liveItems = [...live, ...(huge ? [{ image: "huge", ...huge.layerscope }] : [])];
  add(
    "UI first frame ≤ 1 s on any image",
    liveItems.map((row) => ({ label: row.image, value: row.firstFrameMs })),
    1000,
    SECONDS,
    () => "the frame waits for the image's manifest and config; see “The UI before the analysis ends” in docs/performance.md",
  );
  add(
    "a key answered within 100 ms while the analysis runs (slowest until the figures, tmux's capture included)",
    [
      ...live.map((row) => ({ label: row.image, value: row.slowestKeyMs })),
      ...(huge ? [{ label: "huge (one key, while reading)", value: huge.layerscope.keyMs }] : []),
    ],
    100,
    SECONDS,
    (over) =>
      "a key waits for the step of the analysis that runs (the longest: a hint's rule over a layer) and for the frame of a large tree" +
      (over.some((item) => item.label.startsWith("huge"))
        ? "; on the huge image, for the tar reader's synchronous read of a file larger than the page cache holds"
        : "") +
      "; see “Keys while the analysis runs” in docs/performance.md",
  );
  add(
    "1M-entry image, `--ci`: peak RSS ≤ 300 MB",
    million ? [{ label: "1M entries", value: million.rssKb }] : [],
    300 * 1024,
    MB,
    () =>
      "every tar entry stays an object of its own with its own path string (every room reads them), and each change and " +
      "waste item another; the compact records with interned path segments this needs are not built; see “Memory per entry”",
  );
  add(
    "big image: peak RSS ≤ 150 MB in every form",
    big.map((row) => ({ label: row.form, value: row.figures.layerscope.rssKb })),
    150 * 1024,
    MB,
    (over) =>
      over.every((item) => item.label !== "docker-archive")
        ? "what is above is held by the C allocator after decompression, outside the JavaScript heap; see “Memory per entry”"
        : "see “Memory per entry” in docs/performance.md",
  );
  add(
    "warm rerun ≤ 0.1× the cold run on the big image",
    big.map((row) => ({ label: row.form, value: row.warmRatio })),
    0.1,
    TIMES,
    () => "see “Warm reruns: the analysis cache” in docs/performance.md",
  );
  add(
    "warm rerun ≤ 0.3× the cold run on medium images",
    warm.map((row) => ({ label: `${row.image} (${row.form})`, value: row.warmRatio })),
    0.3,
    TIMES,
    () =>
      `a warm run does no analysis but still starts Node and loads layerscope` +
      (floor ? `: the tiny image's whole run takes ${SECONDS(floor)}` : "") +
      "; see “Warm reruns: the analysis cache”",
  );
  const ratioOf = (row) => ({ label: row.image, value: row.wallRatio });
  // Dive's own time on the images above the target: when it is near layerscope's floor, the floor is the reason
  const diveTimes = (over) => {
    const times = over.map((item) => dive.find((row) => row.image === item.label)?.figures.dive?.wallMs).filter((ms) => ms > 0);
    if (times.length === 0) return "see “Where the time goes” in docs/performance.md";
    return (
      `Dive's whole run there takes ${range(times)}, ` +
      (floor ? `of which layerscope needs ${SECONDS(floor)} to start and read a tiny image` : "near layerscope's start-up") +
      (nodeMs ? ` (\`node -e 0\` alone ${SECONDS(nodeMs)})` : "") +
      "; see “Start-up and the UI's first frame” in docs/performance.md"
    );
  };
  add("≤ 1.0× Dive's wall time on every image of 100 MB or more", dive.filter((row) => row.sizeBytes >= 100e6).map(ratioOf), 1.0, TIMES, diveTimes);
  const hugeRatio = huge?.dive?.wallMs && huge.layerscope.wallMs ? huge.layerscope.wallMs / huge.dive.wallMs : null;
  add(
    "≤ 0.5× Dive's wall time from 300 MB",
    [
      ...dive.filter((row) => row.sizeBytes >= 300e6).map(ratioOf),
      ...(hugeRatio === null ? [] : [{ label: huge.dive.ended === "exit" ? "huge" : "huge (Dive stopped at its limit: at most)", value: hugeRatio }]),
    ],
    0.5,
    TIMES,
    diveTimes,
  );
  add(
    "tiny image ≤ 2× `node -e 0`",
    floor && nodeMs ? [{ label: "tiny", value: floor / nodeMs }] : [],
    2,
    TIMES,
    () => "see “Start-up and the UI's first frame” in docs/performance.md",
  );
  return rows;
}

export function targetsTable(rows) {
  const lines = ["| target | measured | status |", "|---|---|---|"];
  for (const row of rows) lines.push(`| ${row.target} | ${row.measured} | ${row.status} |`);
  return lines.join("\n");
}
