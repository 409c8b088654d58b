// Index snapshots in the store, on every backend: compact, bound to the connection, newest wins between replicas,
// gone with the workspace, and a restarted index answers from one before reading the vendor.
import { afterAll, describe, expect, it } from 'vitest';
import { blankCustomer } from '../../src/domain/index.js';
import { CustomerIndex, type IndexSnapshot } from '../../src/search/index.js';
import { backends } from '../helpers/stores.js';
import { contactOf, memoryVendor } from '../unit/support/memory-vendor.js';

const mark = { syncedAt: 1_000, fullAt: 1_000, countOffset: 0, partial: false };

function snapshotOf(customers: number, takenAt = 5_000): IndexSnapshot {
  const list = Array.from({ length: customers }, (_, i) => ({
    ...blankCustomer(String(i + 1), `Customer ${i + 1} <b>&amp;\nLtd`),
    domains: [`c${i}.example`],
    notes: 'x'.repeat(200),
  }));
  return {
    customers: list,
    customersMark: mark,
    contacts: list.map((c) => contactOf(`k${c.id}`, c.id, `Person ${c.id}`, null)),
    contactsMark: { ...mark, countOffset: 2 },
    takenAt,
  };
}

for (const backend of backends()) {
  describe(`index snapshots on ${backend.name}`, () => {
    afterAll(() => backend.cleanup());

    it('reads back exactly what was written, for the same connection only', async () => {
      const store = await backend.open(await backend.fresh());
      const snapshot = snapshotOf(50);
      await store.indexSnapshots.save('T1', 'fingerprint-a', snapshot);
      expect(await store.indexSnapshots.load('T1', 'fingerprint-a')).toEqual(snapshot);
      // Another connection of the same workspace (a reconnect), or another workspace: nothing.
      expect(await store.indexSnapshots.load('T1', 'fingerprint-b')).toBeUndefined();
      expect(await store.indexSnapshots.load('T2', 'fingerprint-a')).toBeUndefined();
      await store.close();
    });

    it('keeps 10,000 customers compactly', async () => {
      const store = await backend.open(await backend.fresh());
      const snapshot = snapshotOf(10_000);
      const raw = JSON.stringify(snapshot).length;
      await store.indexSnapshots.save('T1', 'fp', snapshot);
      const info = await store.indexSnapshots.info('T1');
      expect(info).toMatchObject({ customers: 10_000, contacts: 10_000, takenAt: 5_000 });
      expect(info?.bytes ?? raw).toBeLessThan(raw / 5);
      expect((await store.indexSnapshots.load('T1', 'fp'))?.customers).toHaveLength(10_000);
      await store.close();
    });

    it('keeps the newest of two replicas’ snapshots, and lets a new connection replace an old one', async () => {
      const store = await backend.open(await backend.fresh());
      await store.indexSnapshots.save('T1', 'fp', snapshotOf(3, 9_000));
      await store.indexSnapshots.save('T1', 'fp', snapshotOf(2, 8_000));
      expect((await store.indexSnapshots.load('T1', 'fp'))?.customers).toHaveLength(3);
      await store.indexSnapshots.save('T1', 'fp-new', snapshotOf(1, 1_000));
      expect(await store.indexSnapshots.load('T1', 'fp')).toBeUndefined();
      expect((await store.indexSnapshots.load('T1', 'fp-new'))?.customers).toHaveLength(1);
      await store.close();
    });

    it('holds no trace of the connection’s fingerprint, and goes with the workspace', async () => {
      const store = await backend.open(await backend.fresh());
      await store.indexSnapshots.save('T1', 'super-secret-fingerprint', snapshotOf(2));
      const row = await store.db.get<{ connection: string }>(
        'SELECT connection FROM index_snapshots WHERE workspace = ?',
        ['T1'],
      );
      expect(row?.connection).not.toContain('super-secret-fingerprint');
      await store.forgetWorkspace('T1');
      expect(await store.indexSnapshots.info('T1')).toBeUndefined();
      await store.close();
    });

    it('keeps the records encrypted at rest, readable only with the store’s key', async () => {
      const settings = await backend.fresh();
      const store = await backend.open(settings);
      await store.indexSnapshots.save('T1', 'fp', snapshotOf(20));
      const row = await store.db.get<{ data: string }>(
        'SELECT data FROM index_snapshots WHERE workspace = ?',
        ['T1'],
      );
      const stored = row?.data ?? '';
      expect(stored).not.toContain('Customer 1');
      expect(Buffer.from(stored.split('|')[1] ?? '', 'base64').toString('latin1')).not.toContain('Customer');
      // Copied into another workspace's row, it does not open there (the key is bound to the workspace).
      await store.db.run(
        'INSERT INTO index_snapshots (workspace, connection, format, customers, contacts, taken_at, data) SELECT ?, connection, format, customers, contacts, taken_at, data FROM index_snapshots WHERE workspace = ?',
        ['T2', 'T1'],
      );
      expect(await store.indexSnapshots.load('T2', 'fp')).toBeUndefined();
      expect((await store.indexSnapshots.load('T1', 'fp'))?.customers).toHaveLength(20);
      await store.close();
    });

    it('ignores a damaged row instead of failing the lookup', async () => {
      const store = await backend.open(await backend.fresh());
      await store.indexSnapshots.save('T1', 'fp', snapshotOf(2));
      await store.db.run("UPDATE index_snapshots SET data = 'bm90IGd6aXA=' WHERE workspace = ?", ['T1']);
      expect(await store.indexSnapshots.load('T1', 'fp')).toBeUndefined();
      await store.close();
    });

    it('lets a restarted index (or another replica) answer from the store before reading the vendor', async () => {
      const settings = await backend.fresh();
      const first = await backend.open(settings);
      const vendor = memoryVendor({ customers: 500 });
      const built = new CustomerIndex({
        client: vendor.client,
        workspace: 'T1',
        snapshots: first.indexSnapshots,
        connection: 'fp',
      });
      await built.ready();
      await built.flushSnapshot();
      built.close();
      await first.close();

      vendor.resetCalls();
      const second = await backend.open(settings);
      const restarted = new CustomerIndex({
        client: vendor.client,
        workspace: 'T1',
        snapshots: second.indexSnapshots,
        connection: 'fp',
      });
      await restarted.ready();
      expect(restarted.fromSnapshot).toBe(true);
      expect(restarted.search('Customer 00499 Holdings')[0]?.customer.name).toBe('Customer 00499 Holdings');
      expect(restarted.contactCount).toBe(1_000);
      expect(vendor.calls.customerPage + vendor.calls.contactPage).toBe(0);
      restarted.close();
      await second.close();
    });
  });
}
