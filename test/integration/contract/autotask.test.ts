// The vendor contract against the fake Autotask (REST v1.0 swagger and help pages).
import { createAutotaskClient } from '../../../src/vendors/autotask/client.js';
import { fakeVendorOf, startFakeAutotask } from '../../fakes/autotask/server.js';
import {
  type ClientOverrides,
  CUSTOMERS,
  closer,
  FAST_RETRY,
  runContractSuite,
  type VendorEntry,
} from './suite.js';

/** Small pages, so the suite's 137 customers span several (Autotask serves up to 500). */
const PAGE_SIZE = 50;

const entry: VendorEntry = {
  name: 'autotask',
  label: 'Autotask',
  overHttp: true,
  async start() {
    const fake = await startFakeAutotask({
      generate: { customers: CUSTOMERS, contactsPerCustomer: [1, 3], seed: 7 },
    });
    const clients = closer();
    const makeClient = (o: ClientOverrides = {}) =>
      clients.track(
        createAutotaskClient({
          username: fake.username,
          // The suite's "API key" is the secret: the credential a wrong value of proves auth handling.
          secret: o.apiKey ?? fake.secret,
          integrationCode: fake.integrationCode,
          baseUrl: fake.url,
          pageSize: PAGE_SIZE,
          hooks: o.hooks,
          timeouts: o.timeouts,
          retry: { ...FAST_RETRY, ...o.retry },
        }),
      );
    const rest = fake.restPath();
    return {
      client: makeClient(),
      makeClient,
      // Deactivated companies stay in Autotask and in its listing (marked inactive).
      customerCount: () => fake.companies().length,
      // Live contacts (isActive 1), as a customer's contact list holds.
      contactEmailsOf: (id) =>
        fake
          .contacts()
          .filter((c) => String(c.companyID) === id && c.isActive !== 0)
          .map((c) => String(c.emailAddress ?? '')),
      fake: fakeVendorOf(fake),
      http: {
        requests: fake.requests,
        inject: fake.inject,
        clearFaults: fake.clearFaults,
        paths: {
          customers: `${rest}/Companies`,
          customer: (id) => `${rest}/Companies/${id}`,
          contacts: `${rest}/Contacts`,
          connection: '/atservicesrest/v1.0/zoneInformation',
        },
        // Autotask lists by POSTing a query (page 1 also counts, so the index knows how many pages there are).
        list: { method: 'POST', path: `${rest}/Companies/query`, otherRequestsOnPath: 1 },
        // A read by id answers {item}: a record without its id fails there.
        wrongShape: { body: JSON.stringify({ item: { id: 'not-a-number' } }), path: /^item/ },
        // The swagger declares 403 Forbidden on every operation; a security level without Companies access.
        forbidCustomerReads: () =>
          fake.inject({
            method: 'GET',
            path: `${rest}/Companies/*`,
            status: 403,
            body: JSON.stringify({
              errors: ['The logged in user does not have permission to view Companies.'],
            }),
          }),
        apiKey: fake.secret,
      },
      async close() {
        await clients.closeAll();
        await fake.close();
      },
    };
  },
};

runContractSuite(entry);
