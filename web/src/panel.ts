/** The event panel: the event's fields and each report's text with its evidence marked. */

import type { EventDetail, ReportDocument, WarlogEvent } from "./api";
import { eventTypeColor, fieldColor } from "./colors";
import { byId, h, safeHref } from "./dom";
import { type Highlight, highlights, renderHighlighted } from "./highlight";

// The fields shown, in this order, with their labels (empty ones are left out).
const FIELDS: [string, string][] = [
  ["event_date", "Date"],
  ["time_precision", "Time precision"],
  ["disorder_type", "Disorder type"],
  ["event_type", "Event type"],
  ["sub_event_type", "Sub-event type"],
  ["actor1", "Actor 1"],
  ["inter1", "Inter 1"],
  ["assoc_actor_1", "Associated actor 1"],
  ["actor2", "Actor 2"],
  ["inter2", "Inter 2"],
  ["assoc_actor_2", "Associated actor 2"],
  ["interaction", "Interaction"],
  ["civilian_targeting", "Civilian targeting"],
  ["location", "Location"],
  ["admin3", "Admin 3"],
  ["admin2", "Admin 2"],
  ["admin1", "Admin 1"],
  ["country", "Country"],
  ["iso", "ISO"],
  ["latitude", "Latitude"],
  ["longitude", "Longitude"],
  ["geo_precision", "Geo precision"],
  ["fatalities", "Fatalities"],
  ["source", "Source"],
  ["source_scale", "Source scale"],
  ["notes", "Notes"],
  ["tags", "Tags"],
  ["record_type", "Record type"],
  ["confidence", "Confidence"],
  ["sources_count", "Reports"],
  ["date_note", "Date note"],
  ["event_id", "Event ID"],
];

function fieldList(event: WarlogEvent, evidenced: Set<string>): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const [key, label] of FIELDS) {
    const value = event[key];
    if (value === null || value === undefined || value === "") continue;
    const dt = h("dt", { text: evidenced.has(key) ? undefined : label });
    if (evidenced.has(key)) {
      // the label shows where the report says it
      const jump = h("button", {
        class: "field-link",
        text: label,
        attrs: {
          type: "button",
          title: "Show the words of the report that say it",
          "data-field": key,
        },
      });
      jump.addEventListener("click", () => showEvidence(key));
      dt.appendChild(jump);
      dt.classList.add("evidenced");
      dt.style.borderLeftColor = fieldColor(key);
    }
    const shown = key === "confidence" ? Number(value).toFixed(2) : String(value);
    fragment.append(dt, h("dd", { text: shown }));
  }
  return fragment;
}

/** Scrolls to the (next) evidence of a field and makes it blink. */
function showEvidence(field: string): void {
  const marks = [...document.querySelectorAll<HTMLElement>("#event-text mark.evidence")].filter(
    (m) => (m.dataset.field ?? "").split(" ").includes(field),
  );
  if (!marks.length) return;
  const current = marks.findIndex((m) => m.classList.contains("flash"));
  for (const m of marks) m.classList.remove("flash");
  const next = marks[(current + 1) % marks.length];
  next.scrollIntoView({ block: "center", behavior: "smooth" });
  // restart the animation even on the same mark
  void next.offsetWidth;
  next.classList.add("flash");
}

function legend(spans: Highlight[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const seen = new Set<string>();
  for (const span of spans) {
    const key = span.fields.join(" ");
    if (seen.has(key)) continue;
    seen.add(key);
    const swatch = h("span", { class: "swatch", attrs: { "aria-hidden": "true" } });
    swatch.style.backgroundColor = fieldColor(span.fields[0]);
    const [main, ...also] = span.fields;
    fragment.append(
      h(
        "span",
        { class: "legend-item", attrs: { "data-field": span.fields.join(" ") } },
        swatch,
        main,
        also.length ? h("span", { class: "muted small", text: ` + ${also.join(", ")}` }) : null,
      ),
    );
  }
  return fragment;
}

function documentView(doc: ReportDocument): { view: HTMLElement; spans: Highlight[] } {
  const { spans, unmatched } = highlights(doc.text, doc.evidence);
  const href = safeHref(doc.url);
  const meta = [doc.outlet, doc.byline, doc.dateline, doc.publication_date].filter(Boolean);
  const view = h(
    "article",
    { class: "document", attrs: { "data-doc-id": doc.doc_id } },
    h("h4", { text: doc.title || `Document ${doc.doc_id.slice(0, 8)}` }),
    h(
      "p",
      { class: "doc-meta" },
      meta.join(" · "),
      href
        ? h("a", {
            text: " source",
            attrs: { href, target: "_blank", rel: "noopener noreferrer nofollow" },
          })
        : null,
    ),
    unmatched.length
      ? h("p", {
          class: "warning",
          text: `${unmatched.length} evidence span(s) do not match this text and are not shown.`,
        })
      : null,
  );
  const body = h("div", { class: "doc-text" });
  body.appendChild(renderHighlighted(doc.text, spans));
  view.appendChild(body);
  return { view, spans };
}

/** Shows the event in the panel. */
export function showEvent(detail: EventDetail): void {
  const panel = byId("event-panel");
  const { event, documents } = detail;
  const title = byId("event-title");
  const dot = h("span", { class: "dot", attrs: { "aria-hidden": "true" } });
  dot.style.backgroundColor = eventTypeColor(event.event_type);
  title.replaceChildren(dot, event.sub_event_type || event.event_type || "Event");
  panel.dataset.eventId = event.event_id;

  const text = byId("event-text");
  const allSpans: Highlight[] = [];
  const views = documents.map((doc) => {
    const { view, spans } = documentView(doc);
    allSpans.push(...spans);
    return view;
  });
  if (!views.length) views.push(h("p", { class: "muted", text: "No stored report." }));
  text.replaceChildren(...views);
  byId("evidence-legend").replaceChildren(legend(allSpans));
  const evidenced = new Set(allSpans.flatMap((s) => s.fields));
  for (const ev of event.evidence ?? []) evidenced.add(ev.field);
  byId("event-fields").replaceChildren(fieldList(event, evidenced));
  panel.hidden = false;
  panel.scrollTop = 0;
}

export function showEventError(message: string): void {
  const panel = byId("event-panel");
  byId("event-title").textContent = "Event not found";
  byId("event-fields").replaceChildren();
  byId("evidence-legend").replaceChildren();
  byId("event-text").replaceChildren(h("p", { class: "warning", text: message }));
  delete panel.dataset.eventId;
  panel.hidden = false;
}

export function hideEvent(): void {
  const panel = byId("event-panel");
  panel.hidden = true;
  delete panel.dataset.eventId;
}
