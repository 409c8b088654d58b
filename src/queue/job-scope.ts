// Which queued job a vendor request belongs to, so the queue can learn how many requests a job costs.
import { AsyncLocalStorage } from 'node:async_hooks';

/** What one running job has cost so far. */
export interface JobMeter {
  requests: number;
}

const scope = new AsyncLocalStorage<JobMeter>();

/** Runs `work` as one job: every vendor request scheduled inside it (however deep) is counted on `meter`. */
export function meteredJob<T>(meter: JobMeter, work: () => T): T {
  return scope.run(meter, work);
}

/** Called by the request limiter for each request it is asked to run. */
export function countRequest(): void {
  const meter = scope.getStore();
  if (meter) meter.requests++;
}

/** Runs `work` outside any job: an index build a job happened to start serves every job, so no job is charged for it. */
export function unmetered<T>(work: () => T): T {
  return scope.exit(work);
}
