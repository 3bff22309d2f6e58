// The API's JSON types, inferred from the contract's schemas: the one place server and client
// import them from (nothing here runs).
export type * from './common';
export type * from './console';
export type * from './explore';
export type * from './imports';
export type * from './insight';
export type * from './presentations';
export type * from './operations';
export type * from './search';
export type * from './sources';
