import { afterAll, describe, expect, it } from 'vitest';
import type { NewPendingDelete } from '../../src/store/pending-deletes.js';
import { DEFAULT_SETTINGS } from '../../src/store/workspace-settings.js';
import { backends } from '../helpers/stores.js';

const request = (overrides: Partial<NewPendingDelete> = {}): NewPendingDelete => ({
  workspace: 'T1',
  entityType: 'customer',
  entityId: '101',
  entityName: 'Acme Corporation',
  detail: { contactCount: 3, vendorLabel: 'Atera', removal: 'delete' },
  requestedBy: 'U1',
  channelId: 'C1',
  responseUrl: null,
  createdAt: 1_000,
  expiresAt: 61_000,
  ...overrides,
});

for (const backend of backends()) {
  describe(`store on ${backend.name}`, () => {
    afterAll(() => backend.cleanup());

    it('lets exactly one of many concurrent confirmations claim a pending delete', async () => {
      const store = await backend.open(await backend.fresh());
      const pending = await store.pendingDeletes.create(request());
      const claims = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          store.pendingDeletes.claim('T1', pending.id, 'running', `U${i}`, 2_000),
        ),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      const after = await store.pendingDeletes.get('T1', pending.id);
      expect(after?.status).toBe('running');
      await store.pendingDeletes.finish('T1', pending.id, 'deleted', 3_000);
      expect((await store.pendingDeletes.get('T1', pending.id))?.status).toBe('deleted');
      expect(await store.pendingDeletes.claim('T1', pending.id, 'running', 'U1', 4_000)).toBe(false);
      await store.close();
    });

    it('never lets an expired request be claimed, and reports it once as expired', async () => {
      const store = await backend.open(await backend.fresh());
      const pending = await store.pendingDeletes.create(request({ expiresAt: 5_000 }));
      expect(await store.pendingDeletes.claim('T1', pending.id, 'running', 'U1', 5_000)).toBe(false);
      expect((await store.pendingDeletes.expire(6_000)).map((p) => p.id)).toEqual([pending.id]);
      expect(await store.pendingDeletes.expire(7_000)).toEqual([]);
      await store.close();
    });

    it('gives back a claimed delete that never ran, and recovers one a dead process left running', async () => {
      const store = await backend.open(await backend.fresh());
      const a = await store.pendingDeletes.create(request());
      const b = await store.pendingDeletes.create(request({ entityId: '102' }));
      expect(await store.pendingDeletes.claim('T1', a.id, 'running', 'U1', 2_000)).toBe(true);
      await store.pendingDeletes.release('T1', a.id);
      expect((await store.pendingDeletes.get('T1', a.id))?.status).toBe('pending');
      expect(await store.pendingDeletes.claim('T1', b.id, 'running', 'U1', 2_000)).toBe(true);
      expect(await store.pendingDeletes.recoverStale(2_000 + 5_000, 10_000)).toBe(0);
      expect(await store.pendingDeletes.recoverStale(2_000 + 20_000, 10_000)).toBe(1);
      expect((await store.pendingDeletes.get('T1', b.id))?.status).toBe('pending');
      await store.close();
    });

    it('expires one request without touching the others', async () => {
      const store = await backend.open(await backend.fresh());
      const a = await store.pendingDeletes.create(request({ expiresAt: 5_000 }));
      const other = await store.pendingDeletes.create(request({ workspace: 'T2', expiresAt: 5_000 }));
      expect(await store.pendingDeletes.expireOne('T1', a.id, 6_000)).toBe(true);
      expect(await store.pendingDeletes.expireOne('T1', a.id, 6_000)).toBe(false);
      expect((await store.pendingDeletes.get('T2', other.id))?.status).toBe('pending');
      // The sweep still finds the other workspace's request to mark (and say so in its channel).
      expect((await store.pendingDeletes.expire(7_000)).map((p) => p.id)).toEqual([other.id]);
      await store.close();
    });

    it('scopes pending deletes to their workspace', async () => {
      const store = await backend.open(await backend.fresh());
      const pending = await store.pendingDeletes.create(request());
      expect(await store.pendingDeletes.get('T2', pending.id)).toBeUndefined();
      expect(await store.pendingDeletes.claim('T2', pending.id, 'running', 'U1', 2_000)).toBe(false);
      await store.close();
    });

    it('keeps pending deletes and the audit trail across a reopen', async () => {
      const settings = await backend.fresh();
      const first = await backend.open(settings);
      const pending = await first.pendingDeletes.create(request());
      await first.audit.append({
        workspace: 'T1',
        userId: 'U1',
        userName: 'jane',
        vendor: 'atera',
        action: 'create',
        entityType: 'customer',
        entityId: '101',
        entityName: 'Acme Corporation',
        changes: { name: [null, 'Acme Corporation'] },
        outcome: 'ok',
        error: null,
        requestId: 'r1',
      });
      await first.close();
      const second = await backend.open(settings);
      expect((await second.pendingDeletes.get('T1', pending.id))?.entityName).toBe('Acme Corporation');
      const audit = await second.audit.latest({ workspace: 'T1' });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        userId: 'U1',
        action: 'create',
        changes: { name: [null, 'Acme Corporation'] },
      });
      await second.close();
    });

    it('filters the audit trail by user and by name, newest first', async () => {
      const store = await backend.open(await backend.fresh());
      const base = {
        workspace: 'T1',
        userName: null,
        vendor: 'sandbox',
        entityType: 'customer' as const,
        changes: {},
        outcome: 'ok' as const,
        error: null,
        requestId: null,
      };
      await store.audit.append({
        ...base,
        userId: 'U1',
        action: 'create',
        entityId: '1',
        entityName: 'Acme',
        at: 1,
      });
      await store.audit.append({
        ...base,
        userId: 'U2',
        action: 'update',
        entityId: '2',
        entityName: 'Globex',
        at: 2,
      });
      await store.audit.append({
        ...base,
        userId: 'U1',
        action: 'delete',
        entityId: '1',
        entityName: 'Acme',
        at: 3,
      });
      await store.audit.append({
        ...base,
        workspace: 'T2',
        userId: 'U1',
        action: 'delete',
        entityId: '9',
        entityName: 'Other',
        at: 4,
      });
      expect((await store.audit.latest({ workspace: 'T1' })).map((e) => e.action)).toEqual([
        'delete',
        'update',
        'create',
      ]);
      expect((await store.audit.latest({ workspace: 'T1', userId: 'U2' })).map((e) => e.entityName)).toEqual([
        'Globex',
      ]);
      expect((await store.audit.latest({ workspace: 'T1', name: 'acm' })).map((e) => e.at)).toEqual([3, 1]);
      await store.close();
    });

    it('accepts a submission key once', async () => {
      const store = await backend.open(await backend.fresh());
      expect(await store.submissions.start('T1', 'view-1', 'new', { step: 0 })).toBe(true);
      expect(await store.submissions.start('T1', 'view-1', 'new', { step: 0 })).toBe(false);
      await store.submissions.save('T1', 'view-1', { step: 2 });
      expect(await store.submissions.get('T1', 'view-1')).toEqual({ status: 'new', state: { step: 2 } });
      const moves = await Promise.all(
        [1, 2, 3].map((n) =>
          store.submissions.transition('T1', 'view-1', ['new', 'partial'], 'running', { step: n }),
        ),
      );
      expect(moves.filter(Boolean)).toHaveLength(1);
      expect((await store.submissions.get('T1', 'view-1'))?.status).toBe('running');
      expect(await store.submissions.transition('T2', 'view-1', ['running'], 'done', {})).toBe(false);
      await store.close();
    });

    it('stores workspace settings with defaults', async () => {
      const store = await backend.open(await backend.fresh());
      expect(await store.settings.get('T1')).toEqual(DEFAULT_SETTINGS);
      expect(DEFAULT_SETTINGS).toMatchObject({
        defaultRole: 'editor',
        guestRole: 'none',
        workflowRole: 'editor',
        editorsMayDelete: false,
        roles: {},
      });
      await store.settings.put('T1', {
        ...DEFAULT_SETTINGS,
        defaultRole: 'viewer',
        editorsMayDelete: true,
        roles: { U9: 'admin' },
      });
      await store.settings.put('T1', {
        ...DEFAULT_SETTINGS,
        defaultRole: 'viewer',
        editorsMayDelete: true,
        roles: { U9: 'editor' },
      });
      expect(await store.settings.get('T1')).toEqual({
        ...DEFAULT_SETTINGS,
        defaultRole: 'viewer',
        editorsMayDelete: true,
        roles: { U9: 'editor' },
      });
      await store.close();
    });
  });
}
