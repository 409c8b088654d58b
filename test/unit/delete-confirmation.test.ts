// The delete confirmation's words for each way a vendor removes a customer (delete, deactivate, trash): the card's
// button, the request, the counts filled in, the final dialog, and what the message turns into afterwards.
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../blocks/actions.js';
import {
  askToDeleteButton,
  type DeleteRequestView,
  deleteConfirmation,
  deleteSettled,
  type Removal,
} from '../../blocks/delete-confirmation.js';
import { checkMessage, LIMITS } from '../../blocks/limits.js';

type Json = Record<string, unknown>;

const AT = Date.parse('2026-12-01T10:00:00Z');

const LABEL: Record<Removal, string> = { delete: 'Atera', deactivate: 'Autotask', trash: 'SuperOps' };

function request(
  removal: Removal,
  over: Partial<DeleteRequestView['detail']> = {},
  name = 'Acme Corporation',
) {
  return {
    id: 'pd-1',
    entityType: 'customer' as const,
    entityName: name,
    requestedBy: 'UASKER',
    expiresAt: AT + 600_000,
    detail: {
      vendorLabel: LABEL[removal],
      removal,
      contactCount: 2,
      ...(removal === 'trash' ? { restoreWindowDays: 30 } : {}),
      ...over,
    },
  } satisfies DeleteRequestView;
}

const impact = (tickets: number) => ({
  contacts: {
    total: 3,
    sample: [{ id: 'c1', title: 'Jane Doe (jane@acme.com)', url: null }],
  },
  openTickets: {
    total: tickets,
    sample: [
      { id: 't1', title: 'Printer offline', url: 'https://acme.example/tickets/1' },
      { id: 't2', title: 'VPN drops', url: 'javascript:alert(1)' },
      { id: 't3', title: 'New laptop', url: null },
      { id: 't4', title: 'Fourth', url: 'https://acme.example/tickets/4' },
    ].slice(0, tickets),
  },
  devices: { total: 4, sample: [{ id: 'd1', title: 'ACME-DC01', url: null }] },
});

const text = (m: unknown) => JSON.stringify(m);
const blocks = (m: { blocks?: unknown[] }) => (m.blocks ?? []) as Json[];
const button = (m: { blocks?: unknown[] }, id: string) =>
  blocks(m)
    .flatMap((b) => (b.elements as Json[] | undefined) ?? [])
    .find((e) => e.type === 'button' && e.action_id === id);
const dialog = (m: { blocks?: unknown[] }) => {
  const confirm = button(m, ACTIONS.deleteConfirm)?.confirm as Json | undefined;
  return String((confirm?.text as Json | undefined)?.text);
};

describe('the card’s button', () => {
  it.each([
    ['delete', 'Delete', 'Ask to delete this customer?', 'Ask to delete'],
    ['deactivate', 'Deactivate', 'Ask to deactivate this customer?', 'Ask to deactivate'],
    ['trash', 'Delete', 'Ask to delete this customer?', 'Ask to delete'],
  ] as const)('%s: says %s and only asks', (removal, label, title, confirm) => {
    const b = askToDeleteButton(ACTIONS.customerDelete, '42', 'customer', 'Acme <!channel>', removal);
    expect(b).toMatchObject({
      text: { text: label },
      style: 'danger',
      value: '42',
      confirm: { title: { text: title }, confirm: { text: confirm } },
    });
    expect(text(b)).toContain('nothing changes until it is confirmed there');
    expect(text(b)).not.toContain('<!channel>');
  });
});

describe('the request posted in the channel', () => {
  it.each([
    ['delete', 'asks to delete the customer *Acme Corporation* and its 2 contacts from Atera.'],
    ['deactivate', 'asks to deactivate the customer *Acme Corporation* and its 2 contacts from Autotask.'],
    ['trash', 'asks to delete the customer *Acme Corporation* and its 2 contacts from SuperOps.'],
  ] as const)('%s: names who asks and what', (removal, words) => {
    const m = deleteConfirmation(request(removal));
    expect(m.response_type).toBe('in_channel');
    expect(text(m)).toContain(`<@UASKER> ${words}`);
    expect(text(m)).toContain('Counting its contacts, open tickets and devices');
    expect(text(m)).toContain('Only <@UASKER> or an admin can confirm');
    expect(button(m, ACTIONS.deleteConfirm)).toMatchObject({ value: 'pd-1', style: 'danger' });
    expect(button(m, ACTIONS.deleteCancel)).toMatchObject({ value: 'pd-1' });
    expect(checkMessage(m)).toEqual([]);
  });

  it('fills in the counts, links the first open tickets (web links only), and names no contact', () => {
    const m = deleteConfirmation(request('delete', { impact: impact(4) }));
    const t = text(m);
    expect(t).toContain('*What goes with it*');
    expect(t).toContain('• 3 contacts');
    expect(t).toContain(
      '• 4 open tickets (<https://acme.example/tickets/1|Printer offline>, VPN drops, New laptop, …)',
    );
    expect(t).not.toContain('javascript:');
    expect(t).toContain('• 4 devices');
    expect(t).not.toContain('Jane Doe');
    expect(t).not.toContain('jane@acme.com');
    expect(t).not.toContain('ACME-DC01');
    expect(t).not.toContain('Counting');
    // The contacts the vendor counted win over the index's count.
    expect(t).toContain('the customer *Acme Corporation* and its 3 contacts');
  });

  it('says which count could not be read, and still offers to confirm', () => {
    const m = deleteConfirmation(
      request('delete', {
        impact: {
          ...impact(1),
          devices: { unreadable: 'Atera is having trouble right now.' },
          contracts: { total: 1, sample: [] },
        },
      }),
    );
    expect(text(m)).toContain('• devices: could not be read (Atera is having trouble right now.)');
    expect(text(m)).toContain('• 1 open ticket (<https://acme.example/tickets/1|Printer offline>)');
    expect(text(m)).toContain('• 1 contract');
    expect(button(m, ACTIONS.deleteConfirm)).toBeDefined();
  });

  it('shows the vendor’s warning for a real delete only as given, and escapes it', () => {
    const m = deleteConfirmation(request('delete', { cascadeWarning: 'Atera says <!here> agents go too.' }));
    expect(text(m)).toContain('Atera says &lt;!here&gt; agents go too.');
  });

  it('with a private note, only the requester sees it', () => {
    const m = deleteConfirmation(request('delete'), 'Only you can see this.');
    expect(m.response_type).toBe('ephemeral');
    expect(text(m)).toContain('Only you can see this.');
  });
});

describe('the final confirm dialog', () => {
  it.each([
    [
      'delete',
      { cascadeWarning: 'Atera deletes agents and tickets with it.' },
      'Delete for good?',
      'Its 3 open tickets go with it.',
      'It cannot be undone; an archive is kept and sent to you first.',
    ],
    [
      'delete',
      {},
      'Delete for good?',
      'Its 3 open tickets may go with it (Atera’s API reference does not say): move what matters first.',
      'It cannot be undone',
    ],
    [
      'deactivate',
      {},
      'Deactivate?',
      'Its 3 open tickets stay, on the deactivated customer.',
      'Autotask companies cannot be deleted: this deactivates it, and it can be reactivated.',
    ],
    [
      'trash',
      {},
      'Move to the trash?',
      'Its 3 open tickets stay in SuperOps with the trashed customer.',
      'SuperOps keeps it in the trash for 30 days; it can be restored until then.',
    ],
  ] as const)('%s %j: %s', (removal, extra, title, fate, consequence) => {
    const m = deleteConfirmation(request(removal, { ...extra, impact: impact(3) }));
    const confirm = button(m, ACTIONS.deleteConfirm)?.confirm as Json;
    expect((confirm.title as Json).text).toBe(title);
    expect(dialog(m)).toContain(fate);
    expect(dialog(m)).toContain(consequence);
    expect((confirm.confirm as Json).text).toBe(removal === 'deactivate' ? 'Deactivate' : 'Delete');
  });

  it('says nothing of tickets when there are none, or before they are counted; one ticket is one', () => {
    expect(dialog(deleteConfirmation(request('delete', { impact: impact(0) })))).not.toContain('ticket');
    expect(dialog(deleteConfirmation(request('delete')))).not.toContain('ticket');
    expect(dialog(deleteConfirmation(request('trash', { impact: impact(1) })))).toContain(
      'Its 1 open ticket stays in SuperOps',
    );
  });

  it('keeps what happens to the tickets and the way back within 300 characters, however long the name', () => {
    for (const removal of ['delete', 'deactivate', 'trash'] as const) {
      const m = deleteConfirmation(
        request(removal, { impact: impact(3) }, `${'Extremely Long Holdings '.repeat(12)}Ltd`),
      );
      expect(dialog(m).length).toBeLessThanOrEqual(LIMITS.confirmText);
      expect(dialog(m)).toMatch(/Its 3 open tickets (go|stay|may go)/);
      expect(dialog(m)).toMatch(/undone|reactivated|restored/);
      expect(checkMessage(m)).toEqual([]);
    }
  });
});

describe('after the fact', () => {
  it.each([
    ['delete', 'Deleted: the customer *Acme Corporation*', 'Deleted by <@UBOSS>', undefined],
    ['deactivate', 'Deactivated: the customer *Acme Corporation*', 'Deactivated by <@UBOSS>', 'Reactivate'],
    [
      'trash',
      'Moved to the trash: the customer *Acme Corporation*',
      'Moved to the trash by <@UBOSS>',
      'Restore',
    ],
  ] as const)('%s: %s, and %s offered', (removal, what, by, restore) => {
    const m = deleteSettled(request(removal), { kind: 'deleted', by: 'UBOSS', at: AT, archived: true });
    expect(text(m)).toContain(what);
    expect(text(m)).toContain(by);
    expect(text(m)).toContain('An archive was sent by direct message to <@UASKER> and <@UBOSS>.');
    if (removal === 'trash') expect(text(m)).toContain('SuperOps keeps it for 30 days.');
    const b = button(m, ACTIONS.deleteRestore);
    if (restore) {
      expect(b).toMatchObject({ value: 'pd-1', text: { text: restore } });
      expect(text(m)).toContain('Only <@UASKER> or an admin can restore it.');
    } else expect(b).toBeUndefined();
    expect(button(m, ACTIONS.deleteConfirm)).toBeUndefined();
    expect(checkMessage(m)).toEqual([]);
  });

  it('names the archive’s one recipient when the requester confirmed it', () => {
    const m = deleteSettled(request('delete'), { kind: 'deleted', by: 'UASKER', at: AT, archived: true });
    expect(text(m)).toContain('An archive was sent by direct message to <@UASKER>.');
    expect(text(deleteSettled(request('delete'), { kind: 'deleted', by: 'UASKER', at: AT }))).not.toContain(
      'archive',
    );
  });

  it('restored: Autotask says reactivated, SuperOps restored', () => {
    const reactivated = deleteSettled(request('deactivate'), { kind: 'restored', by: 'UASKER', at: AT });
    expect(reactivated.text).toBe('Reactivated Acme Corporation');
    expect(text(reactivated)).toContain('was reactivated by <@UASKER>');
    const restored = deleteSettled(request('trash'), { kind: 'restored', by: 'UASKER', at: AT });
    expect(restored.text).toBe('Restored Acme Corporation');
    expect(text(restored)).toContain('was restored by <@UASKER>');
  });

  it.each([
    ['delete', 'Nothing was deleted.'],
    ['deactivate', 'Nothing was deactivated.'],
    ['trash', 'Nothing was deleted.'],
  ] as const)('%s failed: says %s and may be confirmed again', (removal, nothing) => {
    const m = deleteSettled(request(removal), { kind: 'failed', reason: 'The vendor answered 500.' });
    expect(text(m)).toContain(`The vendor answered 500. ${nothing}`);
    expect(m.text).toMatch(/^Could not (delete|deactivate) Acme Corporation/);
    expect(button(m, ACTIONS.deleteConfirm)).toBeDefined();
  });

  it('cancelled and expired say nothing was changed', () => {
    expect(text(deleteSettled(request('deactivate'), { kind: 'cancelled', by: 'UASKER', at: AT }))).toContain(
      'Request to deactivate the customer *Acme Corporation* and its 2 contacts cancelled by <@UASKER>',
    );
    expect(text(deleteSettled(request('delete'), { kind: 'expired', at: AT }))).toContain(
      'Nothing was changed',
    );
  });
});

describe('a contact the vendor refused to delete', () => {
  const contact = {
    ...request('delete'),
    entityType: 'contact' as const,
    entityName: 'Jane Doe',
    detail: {
      vendorLabel: 'Autotask',
      customerName: 'Acme Corporation',
      refusal: {
        reason: 'The contact cannot be deleted: it is referenced by 1 ticket(s).',
        canDeactivate: true,
      },
    },
  } satisfies DeleteRequestView;

  it('gives the vendor’s reason and offers Deactivate instead in place of the delete', () => {
    const m = deleteConfirmation(contact);
    expect(text(m)).toContain('asks to delete the contact *Jane Doe* of Acme Corporation from Autotask');
    expect(text(m)).toContain(
      'Autotask refused to delete it: The contact cannot be deleted: it is referenced by 1 ticket(s).',
    );
    expect(button(m, ACTIONS.deleteDeactivateInstead)).toMatchObject({
      text: { text: 'Deactivate instead' },
      value: 'pd-1',
    });
    expect(button(m, ACTIONS.deleteConfirm)).toBeUndefined();
    expect(text(m)).not.toContain('Counting');
    const done = deleteSettled(contact, { kind: 'deactivated', by: 'UASKER', at: AT });
    expect(text(done)).toContain(
      'the contact *Jane Doe* of Acme Corporation was deactivated instead by <@UASKER>',
    );
  });

  it('without deactivation the delete may be tried again', () => {
    const m = deleteConfirmation({
      ...contact,
      detail: { ...contact.detail, refusal: { reason: 'in use', canDeactivate: false } },
    });
    expect(button(m, ACTIONS.deleteDeactivateInstead)).toBeUndefined();
    expect(button(m, ACTIONS.deleteConfirm)).toBeDefined();
  });
});
