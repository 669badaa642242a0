/** Leaflet as the global `L` that leaflet.markercluster extends.
 *
 * The plugin adds L.MarkerClusterGroup to the global `L`; an ES module namespace cannot be
 * extended, so the global is a plain copy of it, and the map uses that copy (import this
 * module before the plugin: ES modules run in import order). */
import * as Leaflet from "leaflet";

const L: typeof Leaflet = { ...Leaflet };
(globalThis as unknown as { L: typeof Leaflet }).L = L;

export default L;
