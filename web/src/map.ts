/** The Leaflet map: country outlines from world-atlas, optional tiles, clustered markers. */

import type * as Leaflet from "leaflet";
import L from "./leaflet-global";
import "leaflet.markercluster";
import type { GeometryCollection, Topology } from "topojson-specification";
import { feature, mesh } from "topojson-client";
import type { WarlogEvent } from "./api";
import { eventTypeColor } from "./colors";
import { h } from "./dom";

export interface EventMap {
  setEvents(events: WarlogEvent[], fit: boolean): void;
  /** Marks the event's marker; `reveal` zooms or spiderfies its cluster to show it. */
  select(eventId: string | null, reveal?: boolean): void;
  resize(): void;
}

async function loadOutlines(map: L.Map): Promise<L.Layer> {
  const response = await fetch("assets/countries-50m.json");
  if (!response.ok) throw new Error(`basemap: ${response.status}`);
  const topology = (await response.json()) as Topology;
  const countries = topology.objects.countries as GeometryCollection;
  const layer = L.layerGroup([
    L.geoJSON(feature(topology, countries), {
      style: { color: "#9e9e9e", weight: 0, fillColor: "#f4f1ea", fillOpacity: 1 },
      interactive: false,
    }),
    L.geoJSON(mesh(topology, countries, (a, b) => a !== b), {
      style: { color: "#9a9a9a", weight: 0.8, fill: false },
      interactive: false,
    }),
  ]);
  layer.addTo(map);
  return layer;
}

function legendControl(types: string[]): L.Control {
  const control = new L.Control({ position: "bottomright" });
  control.onAdd = () => {
    const box = h("div", { class: "map-legend", attrs: { "aria-label": "Event types" } });
    for (const type of types) {
      const dot = h("span", { class: "dot", attrs: { "aria-hidden": "true" } });
      dot.style.backgroundColor = eventTypeColor(type);
      box.appendChild(h("div", {}, dot, type));
    }
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  return control;
}

function markerFor(event: WarlogEvent, onOpen: (id: string) => void): L.Marker {
  const dot = h("span", { class: "dot" });
  dot.style.backgroundColor = eventTypeColor(event.event_type);
  const label = [event.event_date, event.sub_event_type || event.event_type, event.location]
    .filter(Boolean)
    .join(" · ");
  const marker = L.marker([event.latitude as number, event.longitude as number], {
    icon: L.divIcon({ className: "warlog-marker", html: dot, iconSize: [16, 16] }),
    title: label,
    alt: label,
    keyboard: true,
    riseOnHover: true,
  });
  marker.on("add", () => {
    const el = marker.getElement();
    if (!el) return;
    el.dataset.eventId = event.event_id;
    el.dataset.eventType = event.event_type;
    el.setAttribute("role", "button");
    el.setAttribute("aria-label", label);
  });
  marker.on("click", () => onOpen(event.event_id));
  return marker;
}

/** Builds the map in #map; `tiles` is a tile URL template or null (outlines only). */
export function createMap(
  container: HTMLElement,
  tiles: string | null,
  eventTypes: string[],
  onOpen: (id: string) => void,
  onError: (message: string) => void,
): EventMap {
  const map = L.map(container, { worldCopyJump: true, minZoom: 2, maxZoom: 14 }).setView(
    [25, 20],
    2,
  );
  map.attributionControl.setPrefix(false);
  const overlays: Record<string, L.Layer> = {};
  const bases: Record<string, L.Layer> = {};
  if (tiles) {
    const tileLayer = L.tileLayer(tiles, { maxZoom: 19 });
    tileLayer.addTo(map);
    bases.Tiles = tileLayer;
  }
  const layers = L.control.layers(bases, overlays, { position: "topright" });
  loadOutlines(map)
    .then((outlines) => layers.addOverlay(outlines, "Country outlines"))
    .catch((err: Error) => onError(`The country outlines could not be loaded: ${err.message}`));
  map.attributionControl.addAttribution("Natural Earth via world-atlas");

  const clusters = L.markerClusterGroup({
    maxClusterRadius: 40,
    showCoverageOnHover: false,
    spiderfyOnMaxZoom: true,
    chunkedLoading: true,
    spiderfyDistanceMultiplier: 1.5,
  });
  clusters.addTo(map);
  layers.addOverlay(clusters, "Events");
  layers.addTo(map);
  let legend = legendControl(eventTypes).addTo(map);
  const markers = new Map<string, L.Marker>();
  let selected: string | null = null;

  const markSelected = () => {
    for (const [id, marker] of markers) {
      marker.getElement()?.classList.toggle("selected", id === selected);
    }
  };
  clusters.on("animationend spiderfied", markSelected);

  /** Brings a marker into view: spiderfies its cluster when all of it is one place (no
   * zooming in to the last level), zooms into it otherwise. */
  const show = (marker: L.Marker) => {
    const where = marker.getLatLng();
    const parent = clusters.getVisibleParent(marker) as Leaflet.Marker | Leaflet.MarkerCluster | null;
    if (parent === marker) {
      if (!map.getBounds().contains(where)) map.panTo(where);
      return;
    }
    if (parent && "spiderfy" in parent) {
      const bounds = parent.getBounds();
      if (bounds.getNorthEast().equals(bounds.getSouthWest())) {
        if (!map.getBounds().contains(where)) map.panTo(where);
        parent.spiderfy();
        return;
      }
    }
    clusters.zoomToShowLayer(marker, markSelected);
  };

  return {
    setEvents(events, fit) {
      clusters.clearLayers();
      markers.clear();
      const located = events.filter(
        (e) => typeof e.latitude === "number" && typeof e.longitude === "number",
      );
      const list = located.map((e) => {
        const marker = markerFor(e, onOpen);
        marker.on("add", () =>
          marker.getElement()?.classList.toggle("selected", e.event_id === selected),
        );
        markers.set(e.event_id, marker);
        return marker;
      });
      clusters.addLayers(list);
      const types = [...new Set(events.map((e) => e.event_type).filter(Boolean))].sort();
      legend.remove();
      legend = legendControl(types.length ? types : eventTypes).addTo(map);
      container.dataset.markers = String(list.length);
      if (fit && list.length) {
        const bounds = L.latLngBounds(list.map((m) => m.getLatLng()));
        map.fitBounds(bounds.pad(0.3), { maxZoom: 6, animate: false });
      }
    },
    select(eventId, reveal = false) {
      selected = eventId;
      const marker = eventId ? markers.get(eventId) : undefined;
      if (reveal && marker) show(marker);
      markSelected();
    },
    resize() {
      map.invalidateSize();
    },
  };
}
