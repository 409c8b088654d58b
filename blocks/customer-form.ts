// The company fields of a customer form, shared by the Edit customer modal and the onboarding modal.
import type { InputBlock, ModalView } from '@slack/types';
import type { Customer, CustomerField } from '../src/domain/index.js';
import { CALLBACKS } from './actions.js';
import { emailInput, textInput } from './form.js';
import { plain } from './mrkdwn.js';

/** Block ids of the company fields: the domain field names, so errors map straight back. */
export const CUSTOMER_BLOCKS = {
  name: 'name',
  domains: 'domains',
  phone: 'phone',
  email: 'email',
  address: 'address',
  address2: 'address2',
  city: 'city',
  state: 'state',
  zip: 'zip',
  country: 'country',
  links: 'links',
  businessNumber: 'businessNumber',
  referredBy: 'referredBy',
  mobile: 'mobile',
  fax: 'fax',
  notes: 'notes',
} as const satisfies Record<CustomerField | 'name', string>;

/** The optional fields in form order, with their labels. */
const LABELS: Record<CustomerField, string> = {
  domains: 'Domains',
  phone: 'Phone',
  email: 'Email',
  address: 'Address',
  address2: 'Address line 2',
  city: 'City',
  state: 'State / region',
  zip: 'ZIP / postal code',
  country: 'Country',
  links: 'Website',
  businessNumber: 'Business number',
  referredBy: 'Referred by',
  mobile: 'Mobile',
  fax: 'Fax',
  notes: 'Notes',
};

export const CUSTOMER_FIELDS = Object.keys(LABELS) as CustomerField[];

/** The company inputs, offering only the fields the vendor stores, prefilled from `customer` when editing. */
export function customerInputs(
  supported: readonly CustomerField[] | undefined,
  customer?: Partial<Customer>,
  options: { prefix?: string } = {},
): InputBlock[] {
  const offered = CUSTOMER_FIELDS.filter((f) => !supported || supported.includes(f));
  const id = (f: string) => `${options.prefix ?? ''}${f}`;
  const blocks: InputBlock[] = [
    textInput(id('name'), 'Company name', { optional: false, initial: customer?.name, maxLength: 200 }),
  ];
  for (const field of offered) {
    const label = LABELS[field];
    if (field === 'email') blocks.push(emailInput(id(field), label, { initial: customer?.email }));
    else if (field === 'domains')
      blocks.push(
        textInput(id(field), label, {
          initial: customer?.domains?.join(', '),
          placeholder: 'acme.com, acme.co.uk',
          hint: 'Separate several with commas.',
        }),
      );
    else if (field === 'links')
      blocks.push(
        textInput(id(field), label, {
          initial: customer?.links?.join(', '),
          placeholder: 'https://acme.com',
        }),
      );
    else if (field === 'notes')
      blocks.push(
        textInput(id(field), label, { initial: customer?.notes, multiline: true, maxLength: 3000 }),
      );
    else
      blocks.push(textInput(id(field), label, { initial: customer?.[field] ?? undefined, maxLength: 200 }));
  }
  return blocks;
}

export function customerEditModal(
  customer: Customer,
  supported: readonly CustomerField[] | undefined,
  privateMetadata: string,
): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACKS.customerEdit,
    title: plain('Edit customer', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    private_metadata: privateMetadata,
    blocks: customerInputs(supported, customer),
  };
}
