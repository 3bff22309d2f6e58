// The pure answer-building side of analytics that routes use, gathered so a route needs one import;
// the worker thread loads metrics.ts and wire.ts directly and never this file.
export { alignFigures } from './compare';
export { analyticsResponse } from './response';
export { chainSentence, hopSentence, type HopInput } from './sentences';
export { inWindow } from './timeline';
