import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../blocks/actions.js';
import { customerCard } from '../../blocks/customer-card.js';
import { checkMessage } from '../../blocks/limits.js';
import { escapeMrkdwn } from '../../blocks/mrkdwn.js';
import { blankContact, blankCustomer, type Contact } from '../../src/domain/index.js';
import { textOf } from '../helpers/app.js';

/** The fingerprint of the connection the cards' records were read from. */
const CONNECTION = '0123456789abcdef';

const contact = (i: number): Contact => ({
  ...blankContact(String(i), '1', `Person${i} Example`),
  customerName: 'Big Co',
  firstName: `Person${i}`,
  lastName: 'Example',
  fullName: `Person${i} Example`,
  email: `person${i}@big.example`,
  phone: '555-0100',
  mobile: null,
  title: 'Engineer',
  isPrimary: i === 150,
  notes: null,
  createdAt: null,
  url: null,
});

describe('the customer card', () => {
  it('stays within Slack limits with 200 contacts and 5,000-character notes, and still reads well', () => {
    const customer = {
      ...blankCustomer('1', 'Big Co'),
      notes: 'Long history. '.repeat(360),
      domains: ['big.example'],
      customFields: Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`Field ${i}`, `value ${i}`])),
    };
    const card = customerCard(
      customer,
      Array.from({ length: 200 }, (_, i) => contact(i)),
      { vendorLabel: 'Atera', connection: CONNECTION },
    );
    expect(checkMessage(card)).toEqual([]);
    const text = textOf(card);
    expect(text).toContain('Contacts (200)');
    // The primary contact is listed first, however far down the vendor returned it.
    expect(text.indexOf('Person150')).toBeLessThan(text.indexOf('Person0 '));
    expect(text).toMatch(/and 19\d more/);
    expect(text).toContain('and 4 more custom fields');
    expect(text).toContain('…');
    expect(card.blocks?.length).toBeLessThan(15);
  });

  it('escapes every vendor string and keeps the hostile name out of mrkdwn', () => {
    const card = customerCard(
      { ...blankCustomer('9', '<!channel> Evil <https://x|click>'), notes: 'a & b <@U123>' },
      [],
      { vendorLabel: 'Syncro', connection: CONNECTION },
    );
    const mrkdwnText = JSON.stringify(card.blocks?.filter((b) => b.type !== 'header'));
    expect(mrkdwnText).not.toContain('<!channel>');
    expect(mrkdwnText).not.toContain('<@U123>');
    expect(mrkdwnText).toContain(escapeMrkdwn('a & b <@U123>'));
    expect(card.text).not.toContain('<!channel>');
  });

  it('offers Delete as a danger button with a confirmation, and no edit buttons on a shared copy', () => {
    const own = customerCard(blankCustomer('1', 'Acme'), [], {
      vendorLabel: 'Atera',
      connection: CONNECTION,
    });
    const shared = customerCard({ ...blankCustomer('1', 'Acme'), url: 'https://app.atera.com/x' }, [], {
      vendorLabel: 'Atera',
      connection: CONNECTION,
      sharedBy: 'U1',
    });
    const ids = (m: typeof own) => JSON.stringify(m.blocks).match(/"action_id":"[^"]+"/g) ?? [];
    expect(ids(own)).toContain(`"action_id":"${ACTIONS.customerDelete}"`);
    expect(JSON.stringify(own.blocks)).toMatch(/"style":"danger","confirm"/);
    expect(ids(shared)).toEqual([`"action_id":"${ACTIONS.openInVendor}"`]);
    expect(shared.response_type).toBe('in_channel');
    expect(textOf(shared)).toContain('shared by <@U1>');
  });
});
