/** The workbench page: filters, map, timeline, table and event panel, kept in the URL. */

import "leaflet/dist/leaflet.css";
import "leaflet.markercluster/dist/MarkerCluster.css";
import "leaflet.markercluster/dist/MarkerCluster.Default.css";
import "./style.css";

import { type Count, type Meta, type WarlogEvent, api, exportUrl } from "./api";
import { byId, h } from "./dom";
import { type EventMap, createMap } from "./map";
import { hideEvent, showEvent, showEventError } from "./panel";
import {
  FILTER_KEYS,
  type FilterKey,
  PAGE_SIZE,
  type Sort,
  type ViewState,
  filterParams,
  parseState,
  saveState,
} from "./state";
import { markSelectedRow, renderTable } from "./table";
import { type Bin, type Timeline, binFor, createTimeline } from "./timeline";

const MAP_PAGE = 1000; // the API's largest page
const MAP_MAX = 20_000; // markers beyond this are not drawn (the table still pages through all)

function setStatus(message: string, kind: "error" | "info" = "error"): void {
  const status = byId("status");
  status.textContent = message;
  status.dataset.kind = kind;
}

/** A store's file name, or its URL as given (a PostgreSQL store). */
function storeName(label: string): string {
  return label.includes("://") ? label : (label.split(/[\\/]/).pop() ?? label);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === "AbortError";
}

function fillSelect(select: HTMLSelectElement, values: string[], current: string | undefined) {
  const options = [...values];
  if (current && !options.includes(current)) options.push(current);
  select.append(...options.map((v) => h("option", { text: v, attrs: { value: v } })));
}

/** Loads one kind of data at a time: a newer request aborts the older one. */
class Loader {
  private controller: AbortController | null = null;

  async run<T>(load: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    try {
      return await load(controller.signal);
    } catch (err) {
      if (isAbort(err)) return undefined;
      setStatus(errorText(err));
      return undefined;
    }
  }
}

class Workbench {
  private readonly form = byId<HTMLFormElement>("filters");
  private readonly tableLoader = new Loader();
  private readonly mapLoader = new Loader();
  private readonly countLoader = new Loader();
  private readonly eventLoader = new Loader();
  private readonly map: EventMap;
  private readonly timeline: Timeline;
  private readonly bin: Bin;
  private counts: Count[] = [];
  private firstMapLoad = true;

  constructor(
    private readonly meta: Meta,
    private readonly state: ViewState,
  ) {
    this.bin = binFor(meta.first_date, meta.last_date);
    byId("timeline-bin").textContent = this.bin;
    const summary = byId("store-summary");
    summary.title = meta.store;
    summary.textContent =
      `${storeName(meta.store)} · ${meta.documents} documents · ${meta.merged_events} events` +
      (meta.first_date
        ? ` · ${meta.first_date}${meta.last_date !== meta.first_date ? ` to ${meta.last_date}` : ""}`
        : "");
    this.map = createMap(
      byId("map"),
      meta.tiles,
      meta.event_types,
      (id) => this.openEvent(id),
      (message) => setStatus(message),
    );
    this.timeline = createTimeline(byId("timeline") as unknown as SVGSVGElement, (s, u) =>
      this.onBrush(s, u),
    );
    this.initForm();
    this.initTable();
    byId("close-event").addEventListener("click", () => this.closeEvent());
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && this.state.event) this.closeEvent();
    });
    // the map and the timeline follow their boxes (the window, the event panel opening)
    const observer = new ResizeObserver(() => {
      this.map.resize();
      this.drawTimeline();
    });
    observer.observe(byId("map"));
    observer.observe(byId("timeline"));
  }

  private field(name: string): HTMLInputElement | HTMLSelectElement {
    const el = this.form.elements.namedItem(name);
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement)) {
      throw new Error(`the filter form has no ${name}`);
    }
    return el;
  }

  private initForm(): void {
    const { filter } = this.state;
    fillSelect(this.field("country") as HTMLSelectElement, this.meta.countries, filter.country);
    fillSelect(this.field("admin1") as HTMLSelectElement, this.meta.admin1, filter.admin1);
    fillSelect(
      this.field("event_type") as HTMLSelectElement,
      this.meta.event_types,
      filter.event_type,
    );
    fillSelect(
      this.field("sub_event_type") as HTMLSelectElement,
      this.meta.sub_event_types,
      filter.sub_event_type,
    );
    this.writeForm();
    let typing = 0;
    this.form.addEventListener("input", (e) => {
      const target = e.target as HTMLInputElement;
      if (target.name === "min_confidence") this.showConfidence();
      if (target.type !== "search") return;
      window.clearTimeout(typing);
      typing = window.setTimeout(() => this.readForm(), 400);
    });
    this.form.addEventListener("change", () => {
      window.clearTimeout(typing);
      this.readForm();
    });
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      window.clearTimeout(typing);
      this.readForm();
    });
    this.form.addEventListener("reset", (e) => {
      e.preventDefault();
      this.state.filter = {};
      this.writeForm();
      this.refresh({ fit: true });
    });
  }

  private initTable(): void {
    for (const th of document.querySelectorAll<HTMLElement>("#events-table th[data-sort]")) {
      th.querySelector("button")?.addEventListener("click", () => {
        const key = th.dataset.sort as string;
        const sort = (this.state.sort === `-${key}` ? key : `-${key}`) as Sort;
        this.state.sort = sort;
        this.state.offset = 0;
        this.save();
        this.loadTable();
      });
    }
    byId("prev-page").addEventListener("click", () => {
      this.state.offset = Math.max(0, this.state.offset - PAGE_SIZE);
      this.save();
      this.loadTable();
    });
    byId("next-page").addEventListener("click", () => {
      this.state.offset += PAGE_SIZE;
      this.save();
      this.loadTable();
    });
  }

  private showConfidence(): void {
    const value = Number(this.field("min_confidence").value);
    const out = this.form.elements.namedItem("min_confidence_out") as HTMLOutputElement;
    out.value = value > 0 ? `≥ ${value.toFixed(2)}` : "any";
  }

  /** Puts the state's filter into the form. */
  private writeForm(): void {
    for (const key of FILTER_KEYS) {
      this.field(key).value = this.state.filter[key] ?? (key === "min_confidence" ? "0" : "");
    }
    this.showConfidence();
    this.timeline.setRange(this.state.filter.since, this.state.filter.until);
  }

  /** Takes the filter from the form; reloads what depends on what changed. */
  private readForm(): void {
    const before = { ...this.state.filter };
    const filter: Partial<Record<FilterKey, string>> = {};
    for (const key of FILTER_KEYS) {
      const value = this.field(key).value.trim();
      if (value && !(key === "min_confidence" && Number(value) <= 0)) filter[key] = value;
    }
    const changed = FILTER_KEYS.filter((k) => (before[k] ?? "") !== (filter[k] ?? ""));
    if (!changed.length) return;
    this.state.filter = filter;
    this.timeline.setRange(filter.since, filter.until);
    const datesOnly = changed.every((k) => k === "since" || k === "until");
    this.refresh({ fit: !datesOnly, counts: !datesOnly });
  }

  private onBrush(since: string | null, until: string | null): void {
    const filter = { ...this.state.filter };
    if (since) filter.since = since;
    else delete filter.since;
    if (until) filter.until = until;
    else delete filter.until;
    this.state.filter = filter;
    this.field("since").value = since ?? "";
    this.field("until").value = until ?? "";
    this.refresh({ fit: false, counts: false });
  }

  private save(): void {
    saveState(this.state);
  }

  private updateDownloads(): void {
    const params = filterParams(this.state.filter);
    for (const link of document.querySelectorAll<HTMLAnchorElement>("a[data-format]")) {
      link.href = exportUrl(params, link.dataset.format as string);
    }
  }

  /** Reloads the table, the map and (unless only dates changed) the timeline. */
  refresh(options: { fit?: boolean; counts?: boolean; keepPage?: boolean } = {}): void {
    if (!options.keepPage) this.state.offset = 0;
    setStatus("", "info");
    this.save();
    this.updateDownloads();
    this.loadTable();
    this.loadMap(options.fit ?? false);
    if (options.counts ?? true) this.loadCounts();
  }

  private loadTable(): void {
    const params = filterParams(this.state.filter);
    params.set("sort", this.state.sort);
    params.set("limit", String(PAGE_SIZE));
    params.set("offset", String(this.state.offset));
    void this.tableLoader.run(async (signal) => {
      const page = await api.events(params, signal);
      renderTable(page, this.state.sort, this.state.event, (id) => this.openEvent(id, true));
    });
  }

  private loadMap(fit: boolean): void {
    const filter = filterParams(this.state.filter);
    void this.mapLoader.run(async (signal) => {
      const events: WarlogEvent[] = [];
      let total = Number.POSITIVE_INFINITY;
      while (events.length < Math.min(total, MAP_MAX)) {
        const params = new URLSearchParams(filter);
        params.set("limit", String(MAP_PAGE));
        params.set("offset", String(events.length));
        const page = await api.events(params, signal);
        total = page.total;
        events.push(...page.events);
        if (!page.events.length) break;
      }
      if (total > MAP_MAX) {
        setStatus(`The map shows the latest ${MAP_MAX} of ${total} events.`, "info");
      }
      this.map.setEvents(events, fit || this.firstMapLoad);
      this.map.select(this.state.event, this.firstMapLoad);
      this.firstMapLoad = false;
    });
  }

  private loadCounts(): void {
    const params = filterParams(this.state.filter);
    params.delete("since");
    params.delete("until");
    params.set("by", this.bin);
    void this.countLoader.run(async (signal) => {
      const result = await api.counts(params, signal);
      this.counts = result.counts;
      const undated = result.counts.filter((c) => !c.key).reduce((n, c) => n + c.events, 0);
      byId("timeline-undated").textContent = undated ? ` (${undated} undated, not shown)` : "";
      this.drawTimeline();
    });
  }

  private drawTimeline(): void {
    this.timeline.draw(this.counts, this.meta.first_date, this.meta.last_date, this.bin);
    this.timeline.setRange(this.state.filter.since, this.state.filter.until);
  }

  /** Opens the event in the panel; `reveal` also shows its marker (out of its cluster). */
  openEvent(eventId: string, reveal = false): void {
    this.state.event = eventId;
    this.save();
    this.map.select(eventId, reveal);
    markSelectedRow(eventId);
    void this.eventLoader.run(async (signal) => {
      try {
        showEvent(await api.event(eventId, signal));
      } catch (err) {
        if (isAbort(err)) throw err;
        showEventError(`Event ${eventId}: ${errorText(err)}`);
      }
    });
  }

  closeEvent(): void {
    this.state.event = null;
    this.save();
    hideEvent();
    this.map.select(null);
    markSelectedRow(null);
  }

  start(): void {
    this.refresh({ fit: true, keepPage: true });
    if (this.state.event) this.openEvent(this.state.event, false);
  }
}

async function main(): Promise<void> {
  const state = parseState(window.location.search);
  let meta: Meta;
  try {
    meta = await api.meta();
  } catch (err) {
    setStatus(`The workbench cannot reach the warlog API: ${errorText(err)}`);
    return;
  }
  const { ignored, ...view } = state;
  new Workbench(meta, view).start();
  if (ignored.length) setStatus(`Ignored from the address: ${ignored.join("; ")}`);
}

void main();
