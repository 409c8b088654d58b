// The vendor contract against the fake Atera (Atera OpenAPI v3).
import { createAteraClient } from '../../../src/vendors/atera/client.js';
import { startFakeAteraVendor } from '../../fakes/atera/server.js';
import {
  type ClientOverrides,
  CUSTOMERS,
  closer,
  FAST_RETRY,
  runContractSuite,
  type VendorEntry,
} from './suite.js';

const entry: VendorEntry = {
  name: 'atera',
  label: 'Atera',
  overHttp: true,
  async start() {
    const fake = await startFakeAteraVendor({
      generate: { customers: CUSTOMERS, contactsPerCustomer: [1, 3], seed: 7 },
    });
    const apiKey = fake.env.ATERA_API_KEY ?? '';
    const clients = closer();
    const makeClient = (o: ClientOverrides = {}) =>
      clients.track(
        createAteraClient({
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
          customers: '/api/v3/customers',
          customer: (id) => `/api/v3/customers/${id}`,
          contacts: '/api/v3/contacts',
          connection: '/api/v3/account',
        },
        // Atera documents no 403 body; a bare 403 is what a gateway would send.
        forbidCustomerReads: () =>
          fake.inject({ method: 'GET', path: '/api/v3/customers/*', status: 403, body: '' }),
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
