/** Typed calls to the warlog JSON API (see src/warlog/web/api.py). */

export interface Evidence {
  field: string;
  text: string;
  start: number;
  end: number;
}

export interface WarlogEvent {
  event_id: string;
  doc_id: string;
  record_type: string;
  confidence: number;
  event_date: string | null;
  time_precision: number | null;
  event_type: string;
  sub_event_type: string;
  actor1: string;
  actor2: string;
  country: string;
  admin1: string;
  location: string;
  latitude: number | null;
  longitude: number | null;
  fatalities: number;
  notes: string;
  sources_count: number;
  evidence: Evidence[];
  [column: string]: unknown;
}

export interface Meta {
  store: string;
  documents: number;
  events: number;
  merged_events: number;
  first_date: string | null;
  last_date: string | null;
  event_types: string[];
  sub_event_types: string[];
  countries: string[];
  admin1: string[];
  tiles: string | null;
  ingest: boolean;
}

export interface EventPage {
  total: number;
  limit: number;
  offset: number;
  events: WarlogEvent[];
}

export interface ReportDocument {
  doc_id: string;
  title: string | null;
  outlet: string | null;
  url: string | null;
  byline: string | null;
  dateline: string | null;
  publication_date: string | null;
  text: string;
  event_id: string;
  evidence: Evidence[];
}

export interface EventDetail {
  event: WarlogEvent;
  documents: ReportDocument[];
}

export interface Count {
  key: string | null;
  events: number;
  fatalities: number;
}

export interface Counts {
  by: string;
  counts: Count[];
}

/** An API error, with the server's explanation when it gave one. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function describe(detail: unknown): string {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((d) => {
        if (!d || typeof d !== "object" || !("msg" in d)) return String(d);
        const loc = "loc" in d && Array.isArray(d.loc) ? d.loc[d.loc.length - 1] : null;
        return loc ? `${String(loc)}: ${String(d.msg)}` : String(d.msg);
      })
      .join("; ");
  }
  return JSON.stringify(detail);
}

async function getJson<T>(path: string, params: URLSearchParams, signal?: AbortSignal): Promise<T> {
  const query = params.toString();
  const response = await fetch(query ? `${path}?${query}` : path, {
    signal,
    headers: { Accept: "application/json" },
  });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = await response.json();
      if (body && typeof body === "object" && "detail" in body) message = describe(body.detail);
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(message, response.status);
  }
  return (await response.json()) as T;
}

export const api = {
  meta: (signal?: AbortSignal) => getJson<Meta>("api/meta", new URLSearchParams(), signal),
  events: (params: URLSearchParams, signal?: AbortSignal) =>
    getJson<EventPage>("api/events", params, signal),
  event: (eventId: string, signal?: AbortSignal) =>
    getJson<EventDetail>(`api/events/${encodeURIComponent(eventId)}`, new URLSearchParams(), signal),
  counts: (params: URLSearchParams, signal?: AbortSignal) =>
    getJson<Counts>("api/counts", params, signal),
};

/** The export URL of the given filter and format. */
export function exportUrl(filter: URLSearchParams, format: string): string {
  const params = new URLSearchParams(filter);
  params.set("format", format);
  return `api/export?${params.toString()}`;
}
