// cytoscape-svg ships no types: it is a Cytoscape extension registered with cytoscape.use().
declare module 'cytoscape-svg' {
  const extension: (cy: typeof import('cytoscape')) => void;
  export default extension;
}
