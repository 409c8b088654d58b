// The vendor contract against the fake Syncro (Syncro's swagger).
import { createSyncroClient } from '../../../src/vendors/syncro/client.js';
import { startFakeSyncro } from '../../fakes/syncro/server.js';
import {
  type ClientOverrides,
  CUSTOMERS,
  closer,
  FAST_RETRY,
  runContractSuite,
  type VendorEntry,
} from './suite.js';

const entry: VendorEntry = {
  name: 'syncro',
  label: 'Syncro',
  overHttp: true,
  async start() {
    const fake = await startFakeSyncro({
      generate: { customers: CUSTOMERS, contactsPerCustomer: [1, 3], seed: 7 },
    });
    const clients = closer();
    const makeClient = (o: ClientOverrides = {}) =>
      clients.track(
        createSyncroClient({
          apiKey: o.apiKey ?? fake.apiKey,
          baseUrl: fake.url,
          hooks: o.hooks,
          timeouts: o.timeouts,
          retry: { ...FAST_RETRY, ...o.retry },
        }),
      );
    return {
      client: makeClient(),
      makeClient,
      customerCount: () => fake.customers().length,
      contactEmailsOf: (id) =>
        fake
          .contacts()
          .filter((c) => String(c.customer_id) === id)
          .map((c) => c.email ?? ''),
      http: {
        requests: fake.requests,
        inject: fake.inject,
        clearFaults: () => {
          fake.clearFaults();
          fake.allowAll();
        },
        paths: {
          customers: '/api/v1/customers',
          customer: (id) => `/api/v1/customers/${id}`,
          contacts: '/api/v1/contacts',
          connection: '/api/v1/me',
        },
        // Syncro answers a missing permission with 401 and a message about group permissions.
        forbidCustomerReads: () => fake.denyPermission('Customers - View Detail'),
        apiKey: fake.apiKey,
      },
      async close() {
        fake.allowAll();
        await clients.closeAll();
        await fake.close();
      },
    };
  },
};

runContractSuite(entry);
