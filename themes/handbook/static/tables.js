// Sortable tables. A table marked `data-sortable` gets a button in each column heading; pressing
// it sorts the rows by that column, pressing it again reverses them, and the heading's aria-sort
// says which way. A cell sorts by its `data-sort` (an ISO date) when it has one, else by its text,
// numbers as numbers. Without JavaScript the table keeps the order it was built in.
(function () {
  "use strict";
  const collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: "base" });
  const key = (cell) => (cell ? cell.dataset.sort ?? cell.textContent.trim() : "");
  for (const table of document.querySelectorAll("table[data-sortable]")) {
    if (!table.tHead || !table.tHead.rows.length) continue;
    const headings = Array.from(table.tHead.rows[0].cells);
    headings.forEach((heading, column) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.append(...heading.childNodes);
      heading.append(button);
      button.addEventListener("click", () => {
        const ascending = heading.getAttribute("aria-sort") !== "ascending";
        for (const other of headings) other.removeAttribute("aria-sort");
        heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        for (const body of table.tBodies) {
          const rows = Array.from(body.rows);
          // Stable: rows that tie keep their order, so sorting by region after start date
          // lists each region's missions by start date.
          rows.sort((a, b) => collator.compare(key(a.cells[column]), key(b.cells[column])) * (ascending ? 1 : -1));
          body.append(...rows);
        }
      });
    });
  }
})();
