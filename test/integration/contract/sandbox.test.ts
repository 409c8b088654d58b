// The vendor contract against the in-process sandbox.
import { createSandboxClient } from '../../../src/vendors/sandbox/client.js';
import { generateDemoData } from '../../../src/vendors/sandbox/demo-data.js';
import { type ClientOverrides, CUSTOMERS, runContractSuite, type VendorEntry } from './suite.js';

const entry: VendorEntry = {
  name: 'sandbox',
  label: 'Sandbox',
  overHttp: false,
  async start() {
    const data = generateDemoData({ seed: 7, customers: CUSTOMERS, contactsPerCustomer: [1, 3] });
    const client = createSandboxClient({ data });
    // The sandbox keeps its own copy; reading through a second client on the same data would not see writes,
    // so the independent views below use the client itself only where the data is not changed by the suite.
    return {
      client,
      makeClient: (o: ClientOverrides = {}) => createSandboxClient({ data, hooks: o.hooks }),
      customerCount: () => data.customers.length,
      contactEmailsOf: (id) => data.contacts.filter((c) => c.customerId === id).map((c) => c.email ?? ''),
      async close() {},
    };
  },
};

runContractSuite(entry);
