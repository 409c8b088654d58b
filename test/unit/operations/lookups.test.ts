// Lookups against the sandbox: a card, a list or "did you mean", contacts by email or name, a card that is gone,
// and nothing at all for someone the workspace gave no access.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupContact, lookupCustomer, showContact, showCustomer } from '../../../src/operations/lookups.js';
import { DEMO_IDS } from '../../../src/vendors/sandbox/demo-data.js';
import { actor, PEOPLE, sandboxWorld, type World } from './world.js';

describe('lookups on the sandbox', () => {
  let w: World;
  const editor = actor(PEOPLE.editor);
  /** An id as a card read on this connection carries it. */
  const here = (id: string) => ({ id, connection: w.ws.fingerprint });

  beforeAll(async () => {
    w = await sandboxWorld();
    // Answers from the warm index (a cold one on the sandbox asks the vendor's own search first).
    await w.ws.index.ready({ contacts: true });
  });
  afterAll(async () => {
    await w.close();
  });

  it('shows one card for a misspelt name, a domain, a phone or a contact’s email', async () => {
    for (const query of ['acmee corporation', 'acme.com', '+1 (555) 010-0100', 'jane@acme.com']) {
      const found = await lookupCustomer(w.deps, w.ws, editor, query);
      expect(found.kind, query).toBe('one');
      if (found.kind !== 'one') continue;
      expect(found.customer.id).toBe(DEMO_IDS.acme);
      expect(found.customer.customFields).toMatchObject({ 'Contract type': 'Managed', 'Monthly fee': 1500 });
    }
  });

  it('puts only live contacts on a card: the archived one is left off, the ignored one is marked', async () => {
    const found = await showCustomer(w.deps, w.ws, editor, here(DEMO_IDS.acme));
    if (found.kind !== 'found') throw new Error(`expected a card, got ${found.kind}`);
    const ids = found.contacts.map((c) => c.id);
    expect(ids).toContain(DEMO_IDS.janeDoe);
    expect(ids).not.toContain(DEMO_IDS.archivedContact);
    expect(found.contacts.find((c) => c.id === DEMO_IDS.ignoredContact)?.ignored).toBe(true);
  });

  it('lists every close match when none stands out, and suggests nothing for nonsense', async () => {
    const several = await lookupCustomer(w.deps, w.ws, editor, 'acme');
    expect(several.kind === 'many' && several.matches.map((c) => c.id).sort()).toEqual(
      [DEMO_IDS.acme, DEMO_IDS.acmeCorpDot, DEMO_IDS.acmeIndustries].sort(),
    );
    const nothing = await lookupCustomer(w.deps, w.ws, editor, 'zzzqqqxxy');
    expect(nothing).toEqual({ kind: 'none', suggestions: [] });
  });

  it('finds a contact by email, several by a shared name, and no archived one', async () => {
    const jane = await lookupContact(w.deps, w.ws, editor, 'JANE@acme.com');
    expect(jane.kind === 'one' && jane.contact.id).toBe(DEMO_IDS.janeDoe);
    const morgan = await lookupContact(w.deps, w.ws, editor, 'Morgan Blake');
    expect(morgan.kind === 'many' && morgan.contacts.map((c) => c.id).sort()).toEqual(
      [DEMO_IDS.sharedEmailAtWonka, DEMO_IDS.sharedEmailAtVandelay].sort(),
    );
    expect(await lookupContact(w.deps, w.ws, editor, 'peter.gibbons@acme.com')).toEqual({ kind: 'none' });
  });

  it('shows a card by id, and says a customer removed at the vendor is gone (and forgets it)', async () => {
    const shown = await showCustomer(w.deps, w.ws, editor, here(DEMO_IDS.cafeMuller));
    expect(shown.kind === 'found' && shown.customer.name).toBe('Café Müller GmbH');
    w.account.removeCustomer(DEMO_IDS.vandelay);
    expect(await showCustomer(w.deps, w.ws, editor, here(DEMO_IDS.vandelay))).toEqual({ kind: 'gone' });
    expect(w.ws.index.getCustomer(DEMO_IDS.vandelay)).toBeUndefined();
    expect(await showContact(w.deps, w.ws, editor, here('99999999'))).toEqual({ kind: 'gone' });
  });

  it('lets a viewer look up', async () => {
    const found = await lookupCustomer(w.deps, w.ws, actor(PEOPLE.viewer), 'acme.com');
    expect(found.kind).toBe('one');
  });

  it('refuses every lookup to someone with no access, saying whom to ask, and reads nothing for them', async () => {
    const nobody = actor(PEOPLE.none);
    const answers = [
      await lookupCustomer(w.deps, w.ws, nobody, 'Acme Corporation'),
      await lookupContact(w.deps, w.ws, nobody, 'jane@acme.com'),
      await showCustomer(w.deps, w.ws, nobody, here(DEMO_IDS.acme)),
      await showContact(w.deps, w.ws, nobody, here(DEMO_IDS.janeDoe)),
    ];
    for (const answer of answers) {
      expect(answer.kind).toBe('refused');
      expect(answer.kind === 'refused' && answer.message).toMatch(/do not have access.*Ask <@U0ADMIN>/);
    }
  });

  it('refuses guests and people of other organisations by default, and someone Slack could not vouch for', async () => {
    const guest = actor('U0GUEST', { standing: { workspaceAdmin: false, guest: true, external: false } });
    const external = actor('U0EXT', { standing: { workspaceAdmin: true, guest: false, external: true } });
    const unverified = actor('U0WHO', {
      standing: { workspaceAdmin: undefined, guest: false, external: false, unverified: true },
    });
    for (const who of [guest, external])
      expect((await showCustomer(w.deps, w.ws, who, here(DEMO_IDS.acme))).kind).toBe('refused');
    const answer = await showCustomer(w.deps, w.ws, unverified, here(DEMO_IDS.acme));
    expect(answer.kind === 'refused' && answer.message).toMatch(/could not confirm your access.*Try again/);
  });

  it('answers a workflow step as the workspace’s “Workflows act as” role says', async () => {
    const step = actor('U0FLOW', { via: 'workflow' });
    expect((await showCustomer(w.deps, w.ws, step, here(DEMO_IDS.acme))).kind).toBe('found');
    const settings = await w.services.store.settings.get(w.ws.key);
    await w.services.store.settings.put(w.ws.key, { ...settings, workflowRole: 'none' });
    const refused = await showCustomer(w.deps, w.ws, step, here(DEMO_IDS.acme));
    expect(refused.kind === 'refused' && refused.message).toMatch(/workflows may not look up customers/);
    await w.services.store.settings.put(w.ws.key, settings);
  });
});
