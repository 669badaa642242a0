/** The table of events: one page, sortable by date, confidence and fatalities. */

import type { EventPage, WarlogEvent } from "./api";
import { eventTypeColor } from "./colors";
import { byId, h } from "./dom";
import { PAGE_SIZE, type Sort } from "./state";

function actorCell(name: string, associates: unknown): HTMLElement {
  const td = h("td", { text: name });
  if (typeof associates === "string" && associates) {
    td.appendChild(h("div", { class: "muted small", text: `with ${associates}` }));
  }
  return td;
}

function row(event: WarlogEvent, onOpen: (id: string) => void): HTMLTableRowElement {
  const dot = h("span", { class: "dot", attrs: { "aria-hidden": "true" } });
  dot.style.backgroundColor = eventTypeColor(event.event_type);
  const region = [event.admin1, event.country].filter((p) => p && p !== event.location).join(", ");
  const tr = h(
    "tr",
    { attrs: { "data-event-id": event.event_id, tabindex: "0" } },
    h("td", { class: "nowrap", text: event.event_date ?? "undated" }),
    h(
      "td",
      {},
      dot,
      event.sub_event_type || event.event_type,
      h("div", { class: "muted small", text: event.event_type }),
    ),
    actorCell(event.actor1, event.assoc_actor_1),
    actorCell(event.actor2, event.assoc_actor_2),
    h(
      "td",
      {},
      event.location || event.country || "not located",
      region && event.location ? h("div", { class: "muted small", text: region }) : null,
    ),
    h("td", { class: "num", text: String(event.fatalities ?? 0) }),
    h("td", { class: "num", text: Number(event.confidence).toFixed(2) }),
    h("td", { class: "num", text: String(event.sources_count ?? 1) }),
  );
  tr.addEventListener("click", () => onOpen(event.event_id));
  tr.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      onOpen(event.event_id);
    }
  });
  return tr;
}

/** Fills the table with a page of events and sets the pager and the sort indicators. */
export function renderTable(
  page: EventPage,
  sort: Sort,
  selected: string | null,
  onOpen: (id: string) => void,
): void {
  const tbody = byId<HTMLTableElement>("events-table").tBodies[0];
  const rows = page.events.map((e) => row(e, onOpen));
  if (!rows.length) {
    rows.push(
      h("tr", { class: "empty" }, h("td", { text: "No event matches the filter.", attrs: { colspan: "8" } })),
    );
  }
  tbody.replaceChildren(...rows);
  markSelectedRow(selected);
  const last = Math.min(page.offset + page.events.length, page.total);
  byId("events-count").textContent = `(${page.total})`;
  byId("page-info").textContent = page.total
    ? `${page.offset + 1}–${last} of ${page.total}`
    : "none";
  byId<HTMLButtonElement>("prev-page").disabled = page.offset <= 0;
  byId<HTMLButtonElement>("next-page").disabled = page.offset + PAGE_SIZE >= page.total;
  for (const th of document.querySelectorAll<HTMLElement>("#events-table th[data-sort]")) {
    const key = th.dataset.sort;
    const state = sort === key ? "ascending" : sort === `-${key}` ? "descending" : "none";
    th.setAttribute("aria-sort", state);
  }
}

export function markSelectedRow(eventId: string | null): void {
  for (const tr of document.querySelectorAll<HTMLElement>("#events-table tbody tr")) {
    tr.classList.toggle("selected", tr.dataset.eventId === eventId);
  }
}
