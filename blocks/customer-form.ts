// The customer fields of a form, shared by the Edit customer modal and the onboarding modal: a company, or a
// person (residential customers, where the vendor has them), offering only the fields the vendor stores.
import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import type { Customer, CustomerField, CustomFieldDefinition } from '../src/domain/index.js';
import { CALLBACKS } from './actions.js';
import { customFieldBlocks } from './custom-fields.js';
import { emailInput, selectInput, textInput } from './form.js';
import { mrkdwn, plain } from './mrkdwn.js';

type FormField = Exclude<CustomerField, 'kind' | 'firstName' | 'lastName'>;

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
} as const satisfies Record<FormField | 'name', string>;

/** A person's name parts and the business/person choice (vendors with residential customers). */
export const PERSON_BLOCKS = { kind: 'kind', firstName: 'firstName', lastName: 'lastName' } as const;

/** The optional fields in form order, with their labels. */
const LABELS: Record<FormField, string> = {
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

export const CUSTOMER_FIELDS = Object.keys(LABELS) as FormField[];

export interface CustomerInputsOptions {
  /** Block id prefix (the onboarding modal's `company_`). */
  prefix?: string;
  /** The vendor has residential customers: creating offers "business or person"; editing a person shows names. */
  personCustomers?: boolean;
  /** Fields that cannot be emptied again once set (Atera): their inputs say so. */
  unclearable?: readonly CustomerField[] | undefined;
}

/** The customer inputs, offering only the fields the vendor stores, prefilled from `customer` when editing. */
export function customerInputs(
  supported: readonly CustomerField[] | undefined,
  customer?: Partial<Customer>,
  options: CustomerInputsOptions = {},
): InputBlock[] {
  const offered = CUSTOMER_FIELDS.filter((f) => !supported || supported.includes(f));
  const id = (f: string) => `${options.prefix ?? ''}${f}`;
  const editing = customer?.id !== undefined;
  const person = customer?.kind === 'person';
  const blocks: InputBlock[] = [];
  if (options.personCustomers && !editing) {
    blocks.push(
      selectInput(id(PERSON_BLOCKS.kind), 'Customer type', ['business', 'person'], {
        initial: 'business',
        optional: false,
        labels: { business: 'A business', person: 'A person (residential)' },
        hint: 'For a person, fill in first and last name; the company name is then not needed.',
      }),
    );
  }
  if (editing && person) {
    // A person stays a person: the form edits the name parts, never turns it into a business.
    blocks.push(
      textInput(id(PERSON_BLOCKS.firstName), 'First name', {
        optional: false,
        initial: customer?.firstName,
        maxLength: 100,
      }),
      textInput(id(PERSON_BLOCKS.lastName), 'Last name', { initial: customer?.lastName, maxLength: 100 }),
    );
  } else {
    blocks.push(
      textInput(id('name'), 'Company name', {
        optional: Boolean(options.personCustomers && !editing),
        initial: customer?.name,
        maxLength: 200,
      }),
    );
    if (options.personCustomers && !editing) {
      blocks.push(
        textInput(id(PERSON_BLOCKS.firstName), 'First name (a person)', { maxLength: 100 }),
        textInput(id(PERSON_BLOCKS.lastName), 'Last name (a person)', { maxLength: 100 }),
      );
    }
  }
  for (const field of offered) {
    const label = LABELS[field];
    const keep =
      editing && options.unclearable?.includes(field)
        ? { hint: 'Once set, this cannot be emptied through the API: change it instead.' }
        : {};
    if (field === 'email') blocks.push(emailInput(id(field), label, { initial: customer?.email, ...keep }));
    else if (field === 'domains')
      blocks.push(
        textInput(id(field), label, {
          initial: customer?.domains?.join(', '),
          placeholder: 'acme.com, acme.co.uk',
          hint: 'Separate several with commas.',
          ...keep,
        }),
      );
    else if (field === 'links')
      blocks.push(
        textInput(id(field), label, {
          initial: customer?.links?.join(', '),
          placeholder: 'https://acme.com',
          ...keep,
        }),
      );
    else if (field === 'notes')
      blocks.push(
        textInput(id(field), label, { initial: customer?.notes, multiline: true, maxLength: 3000, ...keep }),
      );
    else
      blocks.push(
        textInput(id(field), label, { initial: customer?.[field] ?? undefined, maxLength: 200, ...keep }),
      );
  }
  return blocks;
}

export interface CustomerEditOptions {
  supported: readonly CustomerField[] | undefined;
  unclearable?: readonly CustomerField[] | undefined;
  /** The account's customer custom fields ([] for none). */
  customFields: readonly CustomFieldDefinition[];
  privateMetadata: string;
}

export function customerEditModal(customer: Customer, o: CustomerEditOptions): ModalView {
  const blocks: KnownBlock[] = [
    ...customerInputs(o.supported, customer, { unclearable: o.unclearable, personCustomers: true }),
  ];
  if (o.customFields.length > 0) {
    blocks.push(
      { type: 'divider' },
      { type: 'section', text: mrkdwn('*Custom fields*') },
      ...customFieldBlocks(o.customFields, customer.customFields, { none: '', max: 60 }),
    );
  }
  return {
    type: 'modal',
    callback_id: CALLBACKS.customerEdit,
    title: plain('Edit customer', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    private_metadata: o.privateMetadata,
    blocks,
  };
}
