// The ESM build of cytoscape, imported by path in renderer-switch.ts; same API as 'cytoscape'.
declare module 'cytoscape/dist/cytoscape.esm.mjs' {
  import cytoscape from 'cytoscape';
  export default cytoscape;
}
