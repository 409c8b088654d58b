// The per-workspace customer index and its ranking in one import.
export * from './customer-index.js';
export * from './customer-indexes.js';
export * from './distance.js';
export * from './normalize.js';
export * from './ranking.js';
