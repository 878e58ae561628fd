import { el } from "./dom.js";

interface Column<T> {
  title: string;
  /** Shown text */
  text: (row: T) => string;
  /** Sort key; columns without one do not sort */
  key?: (row: T) => number | string;
  numeric?: boolean;
  /** Hover text (a full path when the cell shows it cut) */
  hover?: (row: T) => string;
}

export interface TableOptions<T> {
  rows: readonly T[];
  columns: Column<T>[];
  /** Filter box: rows whose text holds what is typed */
  filterText?: (row: T) => string;
  /** The rows come sorted by the first numeric column, descending (no sort before the first draw) */
  presorted?: boolean;
  /** Rows drawn at most (the count says how many match) */
  limit?: number;
  testid: string;
  empty: string;
}

/** A table sortable by clicking a header, filterable with a text box; only text reaches the DOM. */
export function dataTable<T>(options: TableOptions<T>): HTMLElement {
  const limit = options.limit ?? 300;
  let sortColumn = options.columns.findIndex((column) => column.key !== undefined && column.numeric);
  let descending = true;
  let filter = "";
  let sorted = options.presorted === true;
  const body = el("tbody");
  const count = el("div", { class: "table-count" });
  const headers = options.columns.map((column, index) => {
    const th = el("th", { class: `${column.numeric ? "num" : ""}${column.key ? " sortable" : ""}` }, column.title);
    if (column.key) {
      th.addEventListener("click", () => {
        descending = sortColumn === index ? !descending : column.numeric === true;
        sortColumn = index;
        sorted = false;
        draw();
      });
    }
    return th;
  });

  function draw(): void {
    const needle = filter.toLowerCase();
    let rows = options.filterText && needle ? options.rows.filter((row) => options.filterText!(row).toLowerCase().includes(needle)) : [...options.rows];
    const key = options.columns[sortColumn]?.key;
    if (key && !sorted) {
      rows = rows.sort((a, b) => {
        const x = key(a);
        const y = key(b);
        const order = x < y ? -1 : x > y ? 1 : 0;
        return descending ? -order : order;
      });
    }
    headers.forEach((th, index) => th.setAttribute("aria-sort", index === sortColumn ? (descending ? "descending" : "ascending") : "none"));
    body.replaceChildren(
      ...rows.slice(0, limit).map((row) =>
        el(
          "tr",
          {},
          ...options.columns.map((column) => el("td", { class: column.numeric ? "num" : "", title: column.hover?.(row) }, column.text(row))),
        ),
      ),
    );
    count.textContent = rows.length === 0 ? options.empty : rows.length > limit ? `showing ${limit} of ${rows.length}` : `${rows.length} shown`;
  }

  const box = el("div", { class: "table-box", data: { testid: options.testid } });
  if (options.filterText) {
    const input = el("input", { class: "filter", data: { testid: `${options.testid}-filter` } });
    input.type = "search";
    input.placeholder = "filter…";
    input.addEventListener("input", () => {
      filter = input.value;
      draw();
    });
    box.append(input);
  }
  box.append(el("table", {}, el("thead", {}, el("tr", {}, ...headers)), body), count);
  draw();
  return box;
}
