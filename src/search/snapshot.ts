// What a workspace's index leaves in the store so a restart (or another replica) answers at once: its records and
// how far they were synced, never a secret; bound to the vendor connection that produced them.
import type { Contact, Customer } from '../domain/index.js';

/** How far one list (customers, or contacts) was synced when the snapshot was taken. */
export interface FeedMark {
  /** Epoch ms: changes up to here are in the records (the start of the last successful read). */
  syncedAt: number;
  /** Epoch ms: the last full read, for the periodic re-read of incremental lists. */
  fullAt: number;
  /** The vendor's count minus the live records (archived contacts still count at the vendor), for the reconcile. */
  countOffset: number | null;
  /** The list was not read to the end (memory share or page cap). */
  partial: boolean;
}

export interface IndexSnapshot {
  customers: Customer[];
  customersMark: FeedMark;
  /** Absent when this index does not hold contacts (the vendor lists a customer's contacts itself). */
  contacts?: Contact[];
  contactsMark?: FeedMark;
  /** Epoch ms when it was taken. */
  takenAt: number;
}

/** The store's side (src/store/index-snapshots.ts); `connection` is the fingerprint of the vendor connection. */
export interface SnapshotStore {
  /** The workspace's snapshot if it was taken on this very connection; undefined for another (a reconnect) or none. */
  load(workspace: string, connection: string): Promise<IndexSnapshot | undefined>;
  /** Replaces the workspace's snapshot (an older one, or one of an earlier connection). */
  save(workspace: string, connection: string, snapshot: IndexSnapshot): Promise<void>;
  remove(workspace: string): Promise<void>;
}
