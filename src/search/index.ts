// The per-workspace customer index, its snapshots and its ranking in one import.
export * from './customer-index.js';
export * from './customer-indexes.js';
export * from './distance.js';
export * from './normalize.js';
export * from './paging.js';
export * from './ranking.js';
export * from './snapshot.js';
