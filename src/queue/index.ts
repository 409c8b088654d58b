// Per-workspace work queues and vendor rate limits in one import.
export * from './errors.js';
export * from './job-scope.js';
export * from './priority.js';
export * from './request-limiter.js';
export * from './shared-budget.js';
export * from './workspace-queue.js';
export * from './workspace-queues.js';
