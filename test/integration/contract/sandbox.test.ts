// The vendor contract against the in-process sandbox.
import { SandboxAccount } from '../../../src/vendors/sandbox/account.js';
import { createSandboxClient } from '../../../src/vendors/sandbox/client.js';
import { generateDemoData } from '../../../src/vendors/sandbox/demo-data.js';
import { type ClientOverrides, CUSTOMERS, runContractSuite, type VendorEntry } from './suite.js';

const entry: VendorEntry = {
  name: 'sandbox',
  label: 'Sandbox',
  overHttp: false,
  async start() {
    const data = generateDemoData({ seed: 7, customers: CUSTOMERS, contactsPerCustomer: [1, 3] });
    // One account behind every client, read directly for the independent views (as a fake's own records are).
    const account = new SandboxAccount({ data });
    return {
      client: createSandboxClient({ account }),
      makeClient: (o: ClientOverrides = {}) => createSandboxClient({ account, hooks: o.hooks }),
      customerCount: () => account.customerCount(),
      contactEmailsOf: (id) => account.contactEmailsOf(id),
      // No `fake`: the suite's FakeVendor is an HTTP fake's whole surface; the account's same-named web-app
      // controls are exercised in test/unit/sandbox-client.test.ts.
      async close() {},
    };
  },
};

runContractSuite(entry);
