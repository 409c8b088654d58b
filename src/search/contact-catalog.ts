// A workspace's contacts in memory, for vendors that cannot list one customer's contacts (Atera).
import type { Contact } from '../domain/index.js';
import { Catalog } from './catalog.js';

export class ContactCatalog extends Catalog<Contact> {
  /** Like a customer's, minus the domain table. */
  protected readonly overheadBytes = 400;
  readonly #byCustomer = new Map<string, number[]>();

  protected nameOf(contact: Contact): string {
    return contact.fullName;
  }

  protected *extraKeys(contact: Contact): Iterable<[Map<string, number[]>, string]> {
    yield [this.#byCustomer, contact.customerId];
  }

  /** A deleted customer takes its contacts with it. */
  removeCustomer(customerId: string): void {
    for (const contact of this.ofCustomer(customerId)) this.remove(contact.id);
  }

  ofCustomer(customerId: string): Contact[] {
    return this.recordsIn(this.#byCustomer, customerId);
  }

  byEmail(email: string): Contact[] {
    return this.recordsIn(this.emails, email);
  }
}
