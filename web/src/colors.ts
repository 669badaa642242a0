/** Colours of event types (markers, legend) and of evidence fields (highlights). */

const EVENT_TYPE_COLORS: Record<string, string> = {
  Battles: "#c0392b",
  "Explosions/Remote violence": "#e67e22",
  "Violence against civilians": "#8e44ad",
  Protests: "#27ae60",
  Riots: "#d81b60",
  "Strategic developments": "#2471a3",
  Displacement: "#795548",
};
const SPARE = ["#00897b", "#7cb342", "#5d6d7e", "#f1c40f", "#6d4c41", "#3949ab"];

/** The colour of an event type; types outside ACLED's six get a stable spare colour. */
export function eventTypeColor(eventType: string): string {
  const known = EVENT_TYPE_COLORS[eventType];
  if (known) return known;
  let hash = 0;
  for (const ch of eventType) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return SPARE[hash % SPARE.length];
}

// Light colours, so highlighted text stays readable; one per coded field.
const FIELD_COLORS: Record<string, string> = {
  event_type: "#ffd54f",
  sub_event_type: "#ffe082",
  disorder_type: "#fff59d",
  event_date: "#b3e5fc",
  time_precision: "#b3e5fc",
  actor1: "#ef9a9a",
  inter1: "#ef9a9a",
  assoc_actor_1: "#f8bbd0",
  actor2: "#ce93d8",
  inter2: "#ce93d8",
  assoc_actor_2: "#e1bee7",
  civilian_targeting: "#d1c4e9",
  location: "#a5d6a7",
  admin1: "#c5e1a5",
  admin2: "#dcedc8",
  admin3: "#dcedc8",
  country: "#e6ee9c",
  iso: "#e6ee9c",
  latitude: "#a5d6a7",
  longitude: "#a5d6a7",
  geo_precision: "#a5d6a7",
  fatalities: "#ffab91",
  source: "#b0bec5",
  notes: "#cfd8dc",
};

export function fieldColor(field: string): string {
  return FIELD_COLORS[field] ?? "#e0e0e0";
}

/** Fields by how well they name what a span says: a span that supports several fields
 * (an actor and its inter code, a place and its coordinates) takes the first one's colour. */
export const FIELD_ORDER = [
  "event_type", "sub_event_type", "disorder_type", "actor1", "inter1", "assoc_actor_1",
  "actor2", "inter2", "assoc_actor_2", "interaction", "civilian_targeting", "fatalities",
  "event_date", "time_precision", "location", "admin3", "admin2", "admin1", "country", "iso",
  "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "tags",
];

/** Sorts field names by FIELD_ORDER (unknown fields last, alphabetically). */
export function sortFields(fields: Iterable<string>): string[] {
  const rank = (f: string) => {
    const i = FIELD_ORDER.indexOf(f);
    return i < 0 ? FIELD_ORDER.length : i;
  };
  return [...new Set(fields)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
