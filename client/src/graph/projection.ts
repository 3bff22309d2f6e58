// Longitude/latitude ↔ canvas model coordinates for the map layout and its basemap: one projection,
// so nodes and boundaries line up. Pure (no DOM, no Cytoscape): the browser tests use it too.

/** The middle of Shandong: the map layout's origin. */
const ORIGIN = { lng: 118.5, lat: 36.3 };
/** Model pixels per degree of latitude: the province is about 2,000 px across, room for the graph. */
const PIXELS_PER_DEGREE = 300;
/** Equirectangular, with longitude shortened by the cosine of the origin's latitude (true-ish shapes). */
const X_SCALE = PIXELS_PER_DEGREE * Math.cos((ORIGIN.lat * Math.PI) / 180);

export const project = (lng: number, lat: number): { x: number; y: number } => ({
  x: (lng - ORIGIN.lng) * X_SCALE,
  y: -(lat - ORIGIN.lat) * PIXELS_PER_DEGREE,
});

export const unproject = (x: number, y: number): [number, number] => [
  x / X_SCALE + ORIGIN.lng,
  -y / PIXELS_PER_DEGREE + ORIGIN.lat,
];
