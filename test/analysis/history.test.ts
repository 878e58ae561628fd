import { describe, expect, it } from "vitest";
import { cleanCommand, layerCommands } from "../../src/analysis/history.js";

describe("cleanCommand", () => {
  it.each([
    ["/bin/sh -c #(nop) ADD file:abc in / ", "ADD file:abc in /"],
    ['/bin/sh -c #(nop)  CMD ["sh"]', 'CMD ["sh"]'],
    ["/bin/sh -c apt-get update && apt-get install -y curl", "RUN apt-get update && apt-get install -y curl"],
    ["|1 LAB_ARG=x /bin/sh -c echo $LAB_ARG", "RUN echo $LAB_ARG"],
    ["/bin/sh -c --mount=type=bind,source=a,target=/b cp /b /c", "RUN cp /b /c"],
    ["RUN /bin/sh -c make # buildkit", "RUN make"],
    ["COPY app /app # buildkit", "COPY app /app"],
  ])("%s", (input, expected) => {
    expect(cleanCommand(input)).toBe(expected);
  });
});

describe("layerCommands", () => {
  it("skips empty layers and aligns to the layer count", () => {
    const history = [
      { createdBy: "/bin/sh -c #(nop) ADD file:x in /", emptyLayer: false },
      { createdBy: "/bin/sh -c #(nop) ENV A=1", emptyLayer: true },
      { createdBy: "/bin/sh -c make", emptyLayer: false },
    ];
    expect(layerCommands(history, 2)).toEqual(["ADD file:x in /", "RUN make"]);
    expect(layerCommands(history, 3)).toEqual(["", "ADD file:x in /", "RUN make"]);
  });
});
