// A workspace's customers in memory: frozen records in slots, with name, domain, email and phone lookups.
import { type Customer, FREE_MAIL } from '../domain/index.js';
import { Catalog } from './catalog.js';
import { domainOf, emailOf } from './normalize.js';

/** Records handed out by the index are shared, so they are frozen: a caller's mutation throws instead of corrupting it. */
export function freezeCustomer(customer: Customer): Customer {
  Object.freeze(customer.domains);
  Object.freeze(customer.links);
  Object.freeze(customer.customFields);
  return Object.freeze(customer);
}

function domainsOf(customer: Customer): Set<string> {
  const domains = new Set<string>();
  for (const d of customer.domains) {
    const domain = domainOf(d);
    if (domain) domains.add(domain);
  }
  for (const link of customer.links) {
    const domain = domainOf(link);
    if (domain) domains.add(domain);
  }
  const email = customer.email ? emailOf(customer.email) : undefined;
  const mailDomain = email?.split('@')[1];
  if (mailDomain && !FREE_MAIL.has(mailDomain)) domains.add(mailDomain);
  return domains;
}

export class CustomerCatalog extends Catalog<Customer> {
  /** Measured by bench/search-bench.ts: ~500-600 bytes. */
  protected readonly overheadBytes = 500;
  readonly #domains = new Map<string, number[]>();

  protected override freeze(customer: Customer): Customer {
    return freezeCustomer(customer);
  }

  protected nameOf(customer: Customer): string {
    return customer.name;
  }

  protected *extraKeys(customer: Customer): Iterable<[Map<string, number[]>, string]> {
    for (const domain of domainsOf(customer)) yield [this.#domains, domain];
  }

  /** Customers with this domain, or owning a parent of it ("eu.acme.com" finds "acme.com"). */
  byDomain(domain: string): number[] {
    const labels = domain.split('.');
    for (let i = 0; i <= labels.length - 2; i++) {
      const slots = this.#domains.get(labels.slice(i).join('.'));
      if (slots && slots.length > 0) return slots;
    }
    return [];
  }

  byEmail(email: string): readonly number[] {
    return this.emails.get(email) ?? [];
  }
}
