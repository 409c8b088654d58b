// A sandbox world for operation tests: the services the app builds (VENDOR=sandbox, a temp DATA_DIR), one
// workspace on the demo account, people of each role, a clock the test moves, and vendors that fail on cue.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { PLAIN_MEMBER, type Role } from '../../../src/auth/roles.js';
import { loadConfig } from '../../../src/config.js';
import { VendorError } from '../../../src/domain/index.js';
import type { ConnectDeps } from '../../../src/operations/connect.js';
import type { Actor } from '../../../src/operations/context.js';
import { createServices, type Services } from '../../../src/services.js';
import type { SandboxAccount } from '../../../src/vendors/sandbox/account.js';
import { sandboxAccountOf } from '../../../src/vendors/sandbox/client.js';
import type { VendorClient } from '../../../src/vendors/types.js';
import type { Workspace } from '../../../src/workspaces.js';

export const TEAM = 'T0WORLD';

/** People with each role: the default role (editor) for a plain member, the others assigned by an admin. */
export const PEOPLE = {
  admin: 'U0ADMIN',
  editor: 'U0EDITOR',
  other: 'U0OTHER',
  viewer: 'U0VIEWER',
  none: 'U0NONE',
} as const;

export function actor(userId: string, over: Partial<Actor> = {}): Actor {
  return {
    userId,
    userName: userId.toLowerCase(),
    requestId: `req-${userId}`,
    standing: PLAIN_MEMBER,
    ...over,
  };
}

export interface World {
  services: Services;
  /** The services as operations take them, on the test's clock. */
  deps: ConnectDeps;
  ws: Workspace;
  account: SandboxAccount;
  clock: { now: number };
  close(): Promise<void>;
}

export interface WorldOptions {
  /** OAuth mode: connections come from the store (Connect works); the sandbox workspace is still served. */
  oauth?: boolean;
  env?: Record<string, string>;
}

const silent = pino({ level: 'silent' });

export async function sandboxWorld(options: WorldOptions = {}): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'msp-ops-'));
  const config = loadConfig({
    VENDOR: 'sandbox',
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    ...(options.oauth
      ? {
          SLACK_CLIENT_ID: '1.2',
          SLACK_CLIENT_SECRET: 'client-secret',
          SLACK_STATE_SECRET: 'state-secret-0123456789',
          SLACK_SIGNING_SECRET: 'signing-secret',
        }
      : {}),
    ...options.env,
  });
  // The sandbox workspace is served in either mode; OAuth mode keeps the store's connections for Connect.
  const services = await createServices(config, silent, { connections: async () => ({ vendor: 'sandbox' }) });
  const ws = await services.workspaces.get(TEAM);
  if (!ws) throw new Error('the sandbox workspace is not connected');
  const account = sandboxAccountOf(ws.vendor);
  if (!account) throw new Error('not a sandbox client');
  const clock = { now: Date.parse('2026-01-05T09:00:00Z') };
  const roles: Record<string, Role> = {
    [PEOPLE.admin]: 'admin',
    [PEOPLE.viewer]: 'viewer',
    [PEOPLE.none]: 'none',
  };
  await services.store.settings.put(TEAM, { ...(await services.store.settings.get(TEAM)), roles });
  return {
    services,
    deps: { ...services, now: () => clock.now },
    ws,
    account,
    clock,
    async close() {
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Method = {
  [K in keyof VendorClient]-?: NonNullable<VendorClient[K]> extends (...args: never[]) => unknown ? K : never;
}[keyof VendorClient];

/**
 * The workspace with a vendor whose `method` fails the next `times` calls (a 503, as a vendor outage would), then
 * works again: for partial onboardings and retries, failed audit rows and reopened deletes.
 */
export function failing(ws: Workspace, method: Method, times = Number.POSITIVE_INFINITY): Workspace {
  let left = times;
  const vendor = new Proxy(ws.vendor, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (prop !== method || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (left > 0) {
          left -= 1;
          return Promise.reject(
            new VendorError('unavailable', 'Sandbox is down for maintenance', {
              vendor: 'Sandbox',
              status: 503,
            }),
          );
        }
        return value.apply(target, args);
      };
    },
  });
  return { ...ws, vendor };
}

/** The workspace as an admin reconnected it to another account: the same ids, another fingerprint. */
export function reconnected(ws: Workspace): Workspace {
  return { ...ws, fingerprint: `${ws.fingerprint.slice(0, 8)}00000000` };
}
