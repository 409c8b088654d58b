// Marks vendor requests made for background work (index refreshes) so a user's lookup overtakes them.
import { AsyncLocalStorage } from 'node:async_hooks';

const lane = new AsyncLocalStorage<'background'>();

/**
 * Runs `work` so every vendor request it makes (through the client's hooks, however deep) waits behind
 * interactive requests in the workspace's limiter. The hook signature has no room for a priority; the
 * async context carries it instead.
 */
export function inBackground<T>(work: () => T): T {
  return lane.run('background', work);
}

export function isBackground(): boolean {
  return lane.getStore() === 'background';
}
