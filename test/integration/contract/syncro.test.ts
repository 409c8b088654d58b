// The vendor contract against the fake Syncro (Syncro's swagger).
import { createSyncroClient } from '../../../src/vendors/syncro/client.js';
import { startFakeSyncroVendor } from '../../fakes/syncro/server.js';
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
    const fake = await startFakeSyncroVendor({
      // Syncro defines no contact fields: a contact with a property on the first page gives one to find.
      seed: {
        customers: [
          {
            name: 'Badge Holders Ltd',
            contacts: [
              {
                firstName: 'Bea',
                lastName: 'Holder',
                email: 'bea@badge-holders.example',
                customFields: { 'Badge Number': 'B-0001' },
              },
            ],
          },
        ],
      },
      generate: { customers: CUSTOMERS - 1, contactsPerCustomer: [1, 3], seed: 7 },
    });
    const apiKey = fake.env.SYNCRO_API_KEY ?? '';
    const clients = closer();
    const makeClient = (o: ClientOverrides = {}) =>
      clients.track(
        createSyncroClient({
          apiKey: o.apiKey ?? apiKey,
          baseUrl: fake.url,
          hooks: o.hooks,
          timeouts: o.timeouts,
          retry: { ...FAST_RETRY, ...o.retry },
        }),
      );
    return {
      client: makeClient(),
      makeClient,
      customerCount: () => fake.customerList().length,
      contactEmailsOf: (id) => fake.contactEmailsOf(id),
      fake,
      http: {
        requests: fake.requests,
        inject: fake.inject,
        clearFaults: fake.clearFaults,
        paths: {
          customers: '/api/v1/customers',
          customer: (id) => `/api/v1/customers/${id}`,
          contacts: '/api/v1/contacts',
          connection: '/api/v1/me',
        },
        // Syncro answers a missing permission with 401 and a message about group permissions (as the fake's
        // denyPermission does; the neutral controls have no permissions, so the answer is injected).
        forbidCustomerReads: () =>
          fake.inject({
            method: 'GET',
            path: '/api/v1/customers/*',
            status: 401,
            body: JSON.stringify({
              error: 'Not authorized. Please ask account admin to update your group permissions.',
            }),
          }),
        apiKey,
      },
      async close() {
        await clients.closeAll();
        await fake.close();
      },
    };
  },
};

runContractSuite(entry);
