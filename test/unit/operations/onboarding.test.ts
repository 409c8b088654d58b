// Onboarding on the sandbox: a new customer with its contact and custom values in one go, possible duplicates
// shown before anything is written, a repeated delivery that writes nothing twice, and a partial run retried
// without creating the customer again.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAnyway,
  type OnboardingInput,
  type OnboardingState,
  retryOnboarding,
  submitOnboarding,
} from '../../../src/operations/onboarding.js';
import { DEMO_SHARED } from '../../../src/vendors/sandbox/demo-data.js';
import type { Workspace } from '../../../src/workspaces.js';
import { actor, failing, PEOPLE, sandboxWorld, type World } from './world.js';

describe('onboarding on the sandbox', () => {
  let w: World;
  const editor = actor(PEOPLE.editor);
  const noProgress = async (_state: OnboardingState) => undefined;

  beforeAll(async () => {
    w = await sandboxWorld();
    await w.ws.index.ready();
  });
  afterAll(async () => {
    await w.close();
  });

  const input = (name: string, over: Partial<OnboardingInput> = {}): OnboardingInput => ({
    customer: { name, domains: [`${name.toLowerCase().replace(/\W+/g, '')}.example`] },
    contact: {
      firstName: 'Ana',
      lastName: 'Ruiz',
      email: `ana@${name.toLowerCase().replace(/\W+/g, '')}.example`,
    },
    customFields: { 'Monthly fee': 1200, Services: ['Backup'] },
    ...over,
  });
  const submit = (i: OnboardingInput, key = randomUUID(), ws: Workspace = w.ws, who = editor) =>
    submitOnboarding(w.deps, ws, who, { key, input: i, connection: ws.fingerprint }, 5000);
  const named = (name: string) => w.account.customerList().filter((c) => c.name === name);
  const status = async (key: string) => (await w.services.store.submissions.get(w.ws.key, key))?.status;

  it('creates the customer, its primary contact and its custom values, each step saved and audited', async () => {
    const key = randomUUID();
    const claimed = await submit(input('Initech Labs'), key);
    if (claimed.kind !== 'accepted') throw new Error(`expected accepted, got ${claimed.kind}`);
    expect(await status(key)).toBe('running');
    const progress: string[][] = [];
    const result = await claimed.run(async (s) => {
      progress.push(s.steps.map((x) => `${x.step}:${x.status}`));
    });
    expect(result.status).toBe('done');
    expect(result.customer?.name).toBe('Initech Labs');
    expect(result.state.steps.map((s) => [s.step, s.status])).toEqual([
      ['customer', 'done'],
      ['contact', 'done'],
      ['field:Monthly fee', 'done'],
      ['field:Services', 'done'],
    ]);
    expect(progress[0]).toEqual([
      'customer:done',
      'contact:todo',
      'field:Monthly fee:todo',
      'field:Services:todo',
    ]);
    expect(await status(key)).toBe('done');
    const [created] = named('Initech Labs');
    if (!created) throw new Error('not created');
    expect(w.account.contactEmailsOf(created.id)).toEqual(['ana@initechlabs.example']);
    expect(w.account.contacts.get(result.state.contactId ?? '')?.isPrimary).toBe(true);
    expect(w.account.customValuesOf(created.id)).toMatchObject({ 'Monthly fee': 1200, Services: ['Backup'] });
    const rows = (await w.services.store.audit.latest({ workspace: w.ws.key, limit: 100 })).filter(
      (r) => r.entityId === created.id || r.entityId === result.state.contactId,
    );
    expect(rows.map((r) => `${r.action} ${r.entityType} ${r.outcome}`).sort()).toEqual([
      'create contact ok',
      'create customer ok',
      'update custom_field ok',
      'update custom_field ok',
    ]);
    // The new customer is found at once.
    expect(w.ws.index.getCustomer(created.id)?.name).toBe('Initech Labs');
  });

  it('shows possible duplicates first (a similar name, a shared domain, a contact’s email) and writes nothing', async () => {
    const before = w.account.customerCount();
    const similar = await submit(input('Acme Corporation', { contact: undefined, customFields: {} }));
    expect(similar.kind === 'duplicates' && similar.duplicates.map((d) => d.reason)).toContain(
      'a similar name',
    );
    const domain = await submit(
      input('Paper People', {
        customer: { name: 'Paper People', domains: [DEMO_SHARED.domain] },
        customFields: {},
      }),
    );
    expect(domain.kind === 'duplicates' && domain.duplicates.map((d) => d.reason)).toContain(
      `the same domain ${DEMO_SHARED.domain}`,
    );
    const email = await submit(
      input('Totally New Books', {
        contact: { firstName: 'Morgan', lastName: 'Blake', email: DEMO_SHARED.contactEmail },
        customFields: {},
      }),
    );
    expect(email.kind === 'duplicates' && email.duplicates[0]?.reason).toBe(
      `Morgan Blake already uses ${DEMO_SHARED.contactEmail}`,
    );
    expect(w.account.customerCount()).toBe(before);
  });

  it('creates anyway once, on the first click only', async () => {
    const key = randomUUID();
    const shown = await submit(input('Acme Corp', { contact: undefined, customFields: {} }), key);
    expect(shown.kind).toBe('duplicates');
    expect(await status(key)).toBe('awaiting_choice');
    const [first, second] = await Promise.all([
      createAnyway(w.deps, w.ws, editor, key),
      createAnyway(w.deps, w.ws, editor, key),
    ]);
    const kinds = [first.kind, second.kind].sort();
    expect(kinds).toEqual(['accepted', 'settled']);
    const claimed = first.kind === 'accepted' ? first : second;
    if (claimed.kind !== 'accepted') throw new Error('nobody claimed it');
    expect((await claimed.run(noProgress)).status).toBe('done');
    expect(named('Acme Corp')).toHaveLength(1);
    expect((await createAnyway(w.deps, w.ws, editor, key)).kind).toBe('settled');
  });

  it('skips the duplicate check when told to (a workflow’s allow_duplicate)', async () => {
    const key = randomUUID();
    const claimed = await submitOnboarding(
      w.deps,
      w.ws,
      editor,
      {
        key,
        input: input('Acme Corporation', { contact: undefined, customFields: {} }),
        connection: w.ws.fingerprint,
        allowDuplicates: true,
      },
      5000,
    );
    expect(claimed.kind).toBe('accepted');
    if (claimed.kind === 'accepted') await claimed.run(noProgress);
  });

  it('writes nothing twice for the same submission delivered again, at once or later', async () => {
    const key = randomUUID();
    const i = input('Zorblatt Holdings');
    const [a, b] = await Promise.all([submit(i, key), submit(i, key)]);
    expect([a.kind, b.kind].sort()).toEqual(['accepted', 'repeat']);
    const claimed = a.kind === 'accepted' ? a : b;
    if (claimed.kind === 'accepted') await claimed.run(noProgress);
    expect(await submit(i, key)).toEqual({ kind: 'repeat' });
    expect(named('Zorblatt Holdings')).toHaveLength(1);
  });

  it('runs what failed again on Retry, without creating the customer twice', async () => {
    const key = randomUUID();
    const flaky = failing(w.ws, 'createContact', 1);
    const claimed = await submit(input('Hooli Cloud'), key, flaky);
    if (claimed.kind !== 'accepted') throw new Error(`expected accepted, got ${claimed.kind}`);
    const partial = await claimed.run(noProgress);
    expect(partial.status).toBe('partial');
    expect(partial.state.steps.find((s) => s.step === 'contact')).toMatchObject({ status: 'failed' });
    expect(partial.state.steps.find((s) => s.step === 'contact')?.reason).toBeTruthy();
    expect(partial.state.steps.filter((s) => s.step.startsWith('field:')).map((s) => s.status)).toEqual([
      'done',
      'done',
    ]);
    expect(await status(key)).toBe('partial');
    const retry = await retryOnboarding(w.deps, flaky, editor, key);
    if (retry.kind !== 'accepted') throw new Error(`expected accepted, got ${retry.kind}`);
    const done = await retry.run(noProgress);
    expect(done.status).toBe('done');
    expect(named('Hooli Cloud')).toHaveLength(1);
    const [hooli] = named('Hooli Cloud');
    expect(w.account.contactEmailsOf(hooli?.id ?? '')).toEqual(['ana@hoolicloud.example']);
    expect((await retryOnboarding(w.deps, w.ws, editor, key)).kind).toBe('settled');
  });

  it('stops at a failed customer step, and Retry creates it then', async () => {
    const key = randomUUID();
    const claimed = await submit(input('Pied Piper'), key, failing(w.ws, 'createCustomer', 1));
    if (claimed.kind !== 'accepted') throw new Error(`expected accepted, got ${claimed.kind}`);
    const partial = await claimed.run(noProgress);
    expect(partial.state.steps.map((s) => s.status)).toEqual(['failed', 'todo', 'todo', 'todo']);
    expect(named('Pied Piper')).toHaveLength(0);
    const retry = await retryOnboarding(w.deps, w.ws, editor, key);
    if (retry.kind !== 'accepted') throw new Error(`expected accepted, got ${retry.kind}`);
    expect((await retry.run(noProgress)).status).toBe('done');
    expect(named('Pied Piper')).toHaveLength(1);
  });

  it('is never left running: a run that throws is partial, and so is a claim given back', async () => {
    const key = randomUUID();
    const claimed = await submit(input('Massive Dynamic'), key);
    if (claimed.kind !== 'accepted') throw new Error('not accepted');
    await expect(
      claimed.run(async () => {
        throw new Error('Slack went away');
      }),
    ).rejects.toThrow('Slack went away');
    expect(await status(key)).toBe('partial');
    const retry = await retryOnboarding(w.deps, w.ws, editor, key);
    if (retry.kind !== 'accepted') throw new Error('not accepted');
    expect((await retry.run(noProgress)).status).toBe('done');
    expect(named('Massive Dynamic')).toHaveLength(1);

    const later = randomUUID();
    const queued = await submit(input('Soylent Foods'), later);
    if (queued.kind !== 'accepted') throw new Error('not accepted');
    await queued.giveBack();
    expect(await status(later)).toBe('partial');
    expect(named('Soylent Foods')).toHaveLength(0);
  });

  it('refuses a viewer everywhere (Create anyway and Retry included) and stores nothing for them', async () => {
    const viewer = actor(PEOPLE.viewer);
    const key = randomUUID();
    expect((await submit(input('Vought International'), key, w.ws, viewer)).kind).toBe('refused');
    expect(await status(key)).toBeUndefined();
    const shown = randomUUID();
    await submit(input('Acme Corporation', { contact: undefined, customFields: {} }), shown);
    expect((await createAnyway(w.deps, w.ws, viewer, shown)).kind).toBe('refused');
    expect(await status(shown)).toBe('awaiting_choice');
    const partial = randomUUID();
    const claimed = await submit(input('Tyrell Corp'), partial, failing(w.ws, 'createCustomer', 1));
    if (claimed.kind === 'accepted') await claimed.run(noProgress);
    expect((await retryOnboarding(w.deps, w.ws, viewer, partial)).kind).toBe('refused');
    expect(named('Tyrell Corp')).toHaveLength(0);
  });

  it('refuses a form opened on another connection, and a retry after a reconnect', async () => {
    const stale = await submitOnboarding(
      w.deps,
      w.ws,
      editor,
      { key: randomUUID(), input: input('Oscorp'), connection: 'another-account' },
      5000,
    );
    expect(stale).toEqual({ kind: 'stale' });
    const key = randomUUID();
    const claimed = await submit(input('Oscorp'), key, failing(w.ws, 'createCustomer', 1));
    if (claimed.kind === 'accepted') await claimed.run(noProgress);
    const moved = { ...w.ws, fingerprint: 'another-account' };
    expect(await retryOnboarding(w.deps, moved, editor, key)).toEqual({ kind: 'stale' });
    expect(named('Oscorp')).toHaveLength(0);
  });
});
