// The installation store Bolt authorizes every request with: cached after the first read, gone after a delete.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Installation } from '@slack/bolt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { StoreInstallationStore } from '../../src/slack/installation-store.js';
import { openStore, type Store } from '../../src/store/index.js';
import { LogCapture } from '../helpers/app.js';

const workspaceInstall: Installation<'v2', false> = {
  team: { id: 'T1', name: 'Alpha' },
  enterprise: { id: 'E1', name: 'Grid' },
  user: { id: 'U1', token: undefined, scopes: undefined },
  bot: { token: 'xoxb-t1-token-value', userId: 'UB1', id: 'BB1', scopes: ['commands'] },
  isEnterpriseInstall: false,
  authVersion: 'v2',
  appId: 'A1',
  tokenType: 'bot',
};
const orgInstall: Installation<'v2', true> = {
  team: undefined,
  enterprise: { id: 'E9', name: 'Org' },
  user: { id: 'U9', token: undefined, scopes: undefined },
  bot: { token: 'xoxb-e9-token-value', userId: 'UB9', id: 'BB9', scopes: ['commands'] },
  isEnterpriseInstall: true,
  authVersion: 'v2',
  appId: 'A1',
  tokenType: 'bot',
};

let store: Store;
let dir: string;
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function setup() {
  dir = mkdtempSync(join(tmpdir(), 'msp-inst-'));
  store = await openStore({ dataDir: dir, databaseUrl: undefined, encryptionKey: Buffer.alloc(32, 7) });
  const logs = new LogCapture();
  const installations = new StoreInstallationStore({
    table: store.installations,
    logger: createLogger({ level: 'debug', destination: logs }),
  });
  return { installations, logs, reads: vi.spyOn(store.installations, 'get') };
}

describe('the installation store', () => {
  it('authorizes repeat requests from memory: one database read per workspace, then none', async () => {
    const { installations, reads } = await setup();
    await installations.storeInstallation(workspaceInstall);
    // A fresh replica (empty cache) reads once, then serves from memory.
    const cold = new StoreInstallationStore({
      table: store.installations,
      logger: createLogger({ level: 'silent' }),
    });
    for (let i = 0; i < 5; i++) {
      const found = await cold.fetchInstallation({
        teamId: 'T1',
        enterpriseId: 'E1',
        isEnterpriseInstall: false,
      });
      expect(found.bot?.token).toBe('xoxb-t1-token-value');
    }
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('keys an org-wide install by its enterprise, so every team of the org finds it', async () => {
    const { installations } = await setup();
    await installations.storeInstallation(orgInstall);
    expect(await store.installations.keys()).toEqual(['E9']);
    const found = await installations.fetchInstallation({
      teamId: undefined,
      enterpriseId: 'E9',
      isEnterpriseInstall: true,
    });
    expect(found.bot?.token).toBe('xoxb-e9-token-value');
  });

  it('forgets a deleted installation at once, cache included, and never logs the token', async () => {
    const { installations, logs } = await setup();
    await installations.storeInstallation(workspaceInstall);
    const query = { teamId: 'T1', enterpriseId: 'E1', isEnterpriseInstall: false } as const;
    await installations.fetchInstallation(query);
    await installations.deleteInstallation(query);
    await expect(installations.fetchInstallation(query)).rejects.toThrow(/no installation for workspace T1/);
    expect(await store.installations.exists('T1')).toBe(false);
    expect(logs.text()).not.toContain('xoxb-t1-token-value');
  });
});
