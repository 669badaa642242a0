/** The view's state (filter, sort, page, open event), kept in the URL query string. */

/** The filter parameters, named as the API's query parameters. */
export const FILTER_KEYS = [
  "since",
  "until",
  "country",
  "admin1",
  "event_type",
  "sub_event_type",
  "record_type",
  "actor",
  "q",
  "min_confidence",
] as const;

export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filter = Partial<Record<FilterKey, string>>;

export const SORTS = [
  "-event_date",
  "event_date",
  "-confidence",
  "confidence",
  "-fatalities",
  "fatalities",
] as const;
export type Sort = (typeof SORTS)[number];
export const DEFAULT_SORT: Sort = "-event_date";
export const PAGE_SIZE = 50;

export interface ViewState {
  filter: Filter;
  sort: Sort;
  offset: number;
  event: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Why a filter value from the URL cannot be used, or null when it can. */
function invalid(key: FilterKey, value: string): string | null {
  if ((key === "since" || key === "until") && !(DAY.test(value) && !Number.isNaN(Date.parse(value)))) {
    return "not a YYYY-MM-DD date";
  }
  if (key === "min_confidence") {
    const n = Number(value);
    if (!(Number.isFinite(n) && n >= 0 && n <= 1)) return "not a number from 0 to 1";
  }
  if (key === "record_type" && value !== "event" && value !== "displacement") {
    return "neither event nor displacement";
  }
  return null;
}

/** The state a query string describes; `ignored` says which values were left out, why. */
export function parseState(search: string): ViewState & { ignored: string[] } {
  const params = new URLSearchParams(search);
  const filter: Filter = {};
  const ignored: string[] = [];
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    const why = invalid(key, value);
    if (why) ignored.push(`${key}=${value} (${why})`);
    else filter[key] = value;
  }
  const sort = params.get("sort");
  const offset = Number.parseInt(params.get("offset") ?? "0", 10);
  return {
    filter,
    sort: (SORTS as readonly string[]).includes(sort ?? "") ? (sort as Sort) : DEFAULT_SORT,
    offset: Number.isFinite(offset) && offset > 0 ? offset : 0,
    event: params.get("event")?.trim() || null,
    ignored,
  };
}

/** The API query parameters of a filter. */
export function filterParams(filter: Filter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** The query string of a state: the filter, then sort, page and open event when not default. */
export function stateQuery(state: ViewState): string {
  const params = filterParams(state.filter);
  if (state.sort !== DEFAULT_SORT) params.set("sort", state.sort);
  if (state.offset > 0) params.set("offset", String(state.offset));
  if (state.event) params.set("event", state.event);
  return params.toString();
}

/** Writes the state into the address bar without adding a history entry. */
export function saveState(state: ViewState): void {
  const query = stateQuery(state);
  const url = `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`;
  window.history.replaceState(null, "", url);
}
