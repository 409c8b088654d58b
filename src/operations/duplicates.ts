// Likely duplicate customers, found in the index and ranked, each pair with its reasons: names equal once case,
// punctuation and legal suffixes are set aside; names a typo apart; a shared email domain; a contact email used
// at two customers. And the weekly report an admin can ask for, posted only when the list changed.
import { createHash } from 'node:crypto';
import { can } from '../auth/roles.js';
import { type Contact, type Customer, FREE_MAIL } from '../domain/index.js';
import { boundedDistance, typoBudget } from '../search/distance.js';
import { foldName } from '../search/normalize.js';
import type { Workspace } from '../workspaces.js';
import { type ConnectDeps, keyPermissions } from './connect.js';
import { type Actor, accessOf, type OperationDeps, type Refused, refuse } from './context.js';

export interface CustomerRef {
  id: string;
  name: string;
  domain: string | null;
}

export interface DuplicatePair {
  a: CustomerRef;
  b: CustomerRef;
  /** Why they look alike, in words, strongest first. */
  reasons: string[];
  score: number;
}

export interface DuplicatesReport {
  pairs: DuplicatePair[];
  /** How many customers (and contacts) were compared. */
  customers: number;
  contacts: number | null;
  /** A short hash of the pairs, so a weekly report is posted only when it changed. */
  digest: string;
}

/**
 * A name compared for duplicates, as the search compares it: accents, case and punctuation folded (letters of any
 * script kept), "and"/"the"/"of" and trailing legal forms set aside ("Stark Industries Ltd" is "stark industries").
 */
const comparableName = (name: string): string => foldName(name).core;

const domainOfEmail = (email: string | null) => email?.split('@')[1]?.trim().toLowerCase() || undefined;

function domainsOf(c: Customer): string[] {
  const all = [...c.domains.map((d) => d.toLowerCase()), domainOfEmail(c.email)].filter(
    (d): d is string => Boolean(d) && !FREE_MAIL.has(d ?? ''),
  );
  return [...new Set(all)];
}

const ref = (c: Customer): CustomerRef => ({ id: c.id, name: c.name, domain: c.domains[0] ?? null });

/** The typo budget of the ranking, applied to a whole name and capped at two edits. */
const nameBudget = (a: string, b: string) => Math.min(2, typoBudget(Math.min(a.length, b.length), false));

/** Pairs found by each rule, merged per pair of customers. */
class Pairs {
  readonly #byKey = new Map<string, DuplicatePair>();
  constructor(private readonly byId: Map<string, Customer>) {}

  add(aId: string, bId: string, reason: string, score: number): void {
    if (aId === bId) return;
    const [x, y] = aId < bId ? [aId, bId] : [bId, aId];
    const a = this.byId.get(x);
    const b = this.byId.get(y);
    if (!a || !b) return;
    const key = `${x}\u0000${y}`;
    const found = this.#byKey.get(key);
    if (!found) {
      this.#byKey.set(key, { a: ref(a), b: ref(b), reasons: [reason], score });
      return;
    }
    // Another rule (or another shared address) makes a pair likelier; the strongest reason counts most. The same
    // reason met again adds nothing.
    if (found.reasons.includes(reason)) return;
    found.reasons.push(reason);
    found.score = Math.max(found.score, score) + 5;
  }

  ranked(): DuplicatePair[] {
    return [...this.#byKey.values()].sort(
      (p, q) =>
        q.score - p.score ||
        p.a.name.localeCompare(q.a.name) ||
        p.b.name.localeCompare(q.b.name) ||
        p.a.id.localeCompare(q.a.id) ||
        p.b.id.localeCompare(q.b.id),
    );
  }
}

/**
 * Groups values by a key, leaving out groups larger than `cap` (a key everyone shares says nothing). Groups
 * come with their key, so a reason names what is shared the same way whatever order the index holds them in.
 */
function keyedGroups<T>(
  items: Iterable<T>,
  keys: (item: T) => Iterable<string>,
  cap: number,
): [string, T[]][] {
  const map = new Map<string, T[]>();
  for (const item of items)
    for (const key of keys(item)) {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    }
  return [...map.entries()].filter(([, g]) => g.length > 1 && g.length <= cap);
}

const groups = <T>(items: Iterable<T>, keys: (item: T) => Iterable<string>, cap = 25): T[][] =>
  keyedGroups(items, keys, cap).map(([, g]) => g);

/** The pairs of likely duplicates among these customers (and contacts, where known). */
export function duplicatePairs(
  customers: readonly Customer[],
  contacts: readonly Contact[] | null,
): DuplicatesReport {
  const live = customers.filter((c) => c.active);
  const byId = new Map(live.map((c) => [c.id, c]));
  const pairs = new Pairs(byId);
  const names = new Map(live.map((c) => [c.id, comparableName(c.name)]));

  // Equal names once normalised.
  for (const group of groups(live, (c) => [names.get(c.id) ?? ''].filter(Boolean), 50)) {
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i];
        const b = group[j];
        if (a && b)
          pairs.add(a.id, b.id, 'the same name once case, punctuation and legal forms are set aside', 100);
      }
  }
  // Names a typo apart: compared within blocks of the same beginning or the same ending, since a typo or two
  // rarely changes both.
  const blocks = groups(
    live,
    (c) => {
      const n = names.get(c.id) ?? '';
      return n.length >= 4 ? [`^${n.slice(0, 3)}`, `$${n.slice(-3)}`] : [];
    },
    400,
  );
  const compared = new Set<string>();
  for (const block of blocks) {
    for (let i = 0; i < block.length; i++)
      for (let j = i + 1; j < block.length; j++) {
        const a = block[i];
        const b = block[j];
        if (!a || !b) continue;
        const key = a.id < b.id ? `${a.id}\u0000${b.id}` : `${b.id}\u0000${a.id}`;
        if (compared.has(key)) continue;
        compared.add(key);
        const na = names.get(a.id) ?? '';
        const nb = names.get(b.id) ?? '';
        if (na === nb) continue;
        const budget = nameBudget(na, nb);
        if (budget === 0) continue;
        const d = boundedDistance(na, nb, budget);
        if (d <= budget)
          pairs.add(a.id, b.id, `names ${d === 1 ? 'one typo' : `${d} typos`} apart`, 90 - d * 5);
      }
  }
  // A shared email domain (customer domains and emails; free mail providers left out).
  for (const [domain, group] of keyedGroups(live, domainsOf, 10)) {
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i];
        const b = group[j];
        if (a && b) pairs.add(a.id, b.id, `the same email domain ${domain}`, 70);
      }
  }
  // A contact email used at two customers.
  if (contacts) {
    const liveContacts = contacts.filter((c) => !c.archived && c.email && byId.has(c.customerId));
    const emailOf = (c: Contact) => c.email?.trim().toLowerCase() ?? '';
    for (const [email, group] of keyedGroups(liveContacts, (c) => [emailOf(c)], 10)) {
      const owners = [...new Set(group.map((c) => c.customerId))];
      for (let i = 0; i < owners.length; i++)
        for (let j = i + 1; j < owners.length; j++) {
          const a = owners[i];
          const b = owners[j];
          if (a && b) pairs.add(a, b, `a contact with the email ${email} at both`, 75);
        }
    }
  }
  const ranked = pairs.ranked();
  const digest = createHash('sha256')
    // Reasons sorted: two shared addresses may be met in either order, and the list is the same list.
    .update(ranked.map((p) => `${p.a.id}|${p.b.id}|${[...p.reasons].sort().join(',')}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  return { pairs: ranked, customers: live.length, contacts: contacts ? contacts.length : null, digest };
}

/** Contacts for the report: the index's, or (where it holds none) read from the vendor, bounded. */
async function contactsFor(ws: Workspace, signal?: AbortSignal): Promise<Contact[] | null> {
  const indexed = ws.index.allContacts();
  if (indexed) return [...indexed];
  const first = await ws.vendor.listContactPage(1, { signal }).catch(() => undefined);
  if (!first) return null;
  const out = [...first.items];
  // A report may spend some of the rate budget, not all of it: at most 40 pages more.
  const last = Math.min(first.totalPages, 41);
  for (let page = 2; page <= last; page++) {
    const next = await ws.vendor.listContactPage(page, { signal }).catch(() => undefined);
    if (!next) break;
    out.push(...next.items);
  }
  return out;
}

export type DuplicatesOutcome =
  | Refused
  /**
   * `mayDelete`: the report may offer Delete: the reader's role allows it, and the vendor key is not known to
   * lack the permission (a Syncro token without delete).
   */
  | { kind: 'report'; report: DuplicatesReport; mayDelete: boolean };

/** `/customer duplicates`: editors (and admins) see the report; what it offers depends on the caller's role. */
export async function findLikelyDuplicates(
  deps: OperationDeps & Pick<ConnectDeps, 'connections'>,
  ws: Workspace,
  actor: Actor,
  signal?: AbortSignal,
): Promise<DuplicatesOutcome> {
  const refused = await refuse(deps, ws.key, actor, 'edit');
  if (refused) return refused;
  await ws.index.ready();
  const contacts = await contactsFor(ws, signal);
  const [{ role, settings }, key] = await Promise.all([
    accessOf(deps, ws.key, actor),
    keyPermissions(deps, ws.key),
  ]);
  return {
    kind: 'report',
    report: duplicatePairs(ws.index.allCustomers(), contacts),
    mayDelete: can(role, 'delete', settings) && key?.delete !== false,
  };
}

/** What was posted, and where: a report moved to another channel is news there even if the list is not. */
const postedAs = (channel: string, report: DuplicatesReport) => `${channel} ${report.digest}`;

/**
 * The weekly report, for a workspace whose admin asked for one: built as `/customer duplicates` is; `changed`
 * says whether it differs from the last one posted there (what was posted is in the settings).
 */
async function weeklyDuplicatesReport(
  deps: OperationDeps,
  ws: Workspace,
  signal?: AbortSignal,
): Promise<{ channel: string; report: DuplicatesReport; changed: boolean } | undefined> {
  const settings = await deps.store.settings.get(ws.key);
  const channel = settings.duplicatesReportChannel;
  if (!channel) return undefined;
  await ws.index.ready();
  const report = duplicatePairs(ws.index.allCustomers(), await contactsFor(ws, signal));
  return { channel, report, changed: postedAs(channel, report) !== settings.duplicatesReportDigest };
}

/** Remembers that this week's look happened (and, when posted, what was posted where). */
async function markReported(
  deps: OperationDeps,
  workspace: string,
  posted: string | undefined,
): Promise<void> {
  const settings = await deps.store.settings.get(workspace);
  await deps.store.settings.put(workspace, {
    ...settings,
    duplicatesReportAt: (deps.now ?? Date.now)(),
    ...(posted ? { duplicatesReportDigest: posted } : {}),
  });
}

export const WEEK_MS = 7 * 86_400_000;

/**
 * Checks every few hours which workspaces are due a weekly report (a channel set, a week since the last look),
 * builds it in the workspace's queue, and hands a changed one to `post`. Each look is claimed once (in the
 * store, so replicas do not post it twice; a look that failed is tried again the next period). Returns the
 * function that stops it.
 */
export function startDuplicatesReporter(
  deps: OperationDeps,
  workspaceOf: (key: string) => Promise<Workspace | undefined>,
  post: (ws: Workspace, channel: string, report: DuplicatesReport) => Promise<void>,
  everyMs = 3 * 3_600_000,
): () => void {
  const running = new Set<string>();
  const look = async (key: string, now: number) => {
    if (running.has(key)) return;
    const { duplicatesReportAt } = await deps.store.settings.get(key);
    // Submission keys are unique across workspaces, not within one: the claim names its workspace, or the first
    // workspace due in a period would take the look of every other one due with it.
    const claim = `duplicates-report:${key}:${duplicatesReportAt ?? 0}:${Math.floor(now / everyMs)}`;
    if (!(await deps.store.submissions.start(key, claim, 'running', {}, now))) return;
    const ws = await workspaceOf(key);
    if (!ws) return;
    running.add(key);
    const submitted = ws.queue.submit(async ({ signal }) => {
      try {
        const found = await weeklyDuplicatesReport(deps, ws, signal);
        if (!found) return;
        // Posted first, remembered after: a report that could not be posted is tried again next time.
        if (found.changed) await post(ws, found.channel, found.report);
        await markReported(deps, ws.key, found.changed ? postedAs(found.channel, found.report) : undefined);
      } finally {
        running.delete(key);
      }
    });
    if (!submitted.accepted) running.delete(key);
  };
  const tick = async () => {
    const now = (deps.now ?? Date.now)();
    const due = await deps.store.settings.workspacesWhere(
      (s) => s.duplicatesReportChannel !== null && (s.duplicatesReportAt ?? 0) <= now - WEEK_MS,
    );
    for (const key of due) await look(key, now);
  };
  const timer = setInterval(() => {
    tick().catch((error: unknown) => deps.logger.warn({ err: error }, 'duplicates report check failed'));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
