// The vendor contract against the fake SuperOps (MSP GraphQL API, one endpoint for every operation).
import { createSuperOpsClient } from '../../../src/vendors/superops/client.js';
import { fakeVendorOf, type OperationFault, startFakeSuperOps } from '../../fakes/superops/server.js';
import type { Fault, RecordedRequest } from '../../fakes/vendor-server.js';
import {
  type ClientOverrides,
  CUSTOMERS,
  closer,
  FAST_RETRY,
  type HttpControls,
  runContractSuite,
  type VendorEntry,
} from './suite.js';

/**
 * The suite speaks REST: a GET reads, a POST creates, on a few resource paths. SuperOps has one endpoint
 * (POST /msp) and names what a request does by its operation, so these paths are names for the operations
 * that play each part; a "GET" is a query (a read-only POST, retried like a GET), a "POST" a mutation.
 */
const PATHS = {
  customers: '/msp#clients',
  customer: (id: string) => `/msp#clients/${id}`,
  contacts: '/msp#client-users',
  connection: '/msp#connection',
};

interface Target {
  operation: string | RegExp;
  /** The root field whose answer a REST-shaped fault body stands for. */
  field: string;
  when?: (variables: Record<string, unknown>) => boolean;
}

function target(method: string | undefined, path: string): Target | undefined {
  const write = method?.toUpperCase() === 'POST';
  if (path === PATHS.customers) {
    return write
      ? { operation: 'CreateClient', field: 'createClientV2' }
      : { operation: 'ClientPage', field: 'getClientList' };
  }
  if (path === PATHS.contacts) {
    return write
      ? { operation: 'CreateClientUser', field: 'createClientUser' }
      : { operation: /^(ClientUserPage|ClientUsersOfClient)$/, field: 'getClientUserList' };
  }
  if (path === PATHS.connection) return { operation: 'ConnectionCheck', field: 'getClientList' };
  const one = /^\/msp#clients\/(.+)$/.exec(path);
  if (one) {
    const id = one[1];
    return {
      operation: 'ClientDetail',
      field: 'getClient',
      when: (v) => (v.client as { accountId?: unknown } | undefined)?.accountId === id,
    };
  }
  return undefined;
}

/**
 * A REST vendor's wrong-shaped record (`{customer: {...}}`) becomes the same record under the operation's
 * field (`{data: {getClient: {...}}}`): the wrong shape, SuperOps' way. Other bodies pass as they are.
 */
function asGraphQLBody(body: string | undefined, field: string): string | undefined {
  if (body === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (typeof parsed !== 'object' || parsed === null || 'data' in parsed || 'errors' in parsed) return body;
  const record = Object.values(parsed).find((v) => typeof v === 'object' && v !== null) ?? parsed;
  return JSON.stringify({ data: { [field]: record } });
}

const entry: VendorEntry = {
  name: 'superops',
  label: 'SuperOps',
  overHttp: true,
  async start() {
    const fake = await startFakeSuperOps({
      generate: { customers: CUSTOMERS, contactsPerCustomer: [1, 3], seed: 7 },
    });
    const clients = closer();
    const makeClient = (o: ClientOverrides = {}) =>
      clients.track(
        createSuperOpsClient({
          apiToken: o.apiKey ?? fake.apiToken,
          subdomain: fake.subdomain,
          apiUrl: fake.apiUrl,
          hooks: o.hooks,
          timeouts: o.timeouts,
          retry: { ...FAST_RETRY, ...o.retry },
        }),
      );
    const requests = (method?: string, pathPrefix?: string): RecordedRequest[] => {
      if (!pathPrefix) return fake.requests(method === undefined ? undefined : 'POST');
      const methods = method ? [method] : ['GET', 'POST'];
      const out: RecordedRequest[] = [];
      for (const m of methods) {
        const t = target(m, pathPrefix);
        if (!t) continue;
        for (const call of fake.calls(t.operation)) {
          if (!t.when || t.when(call.variables)) out.push(call.request);
        }
      }
      return out;
    };
    const http: HttpControls = {
      requests,
      inject(fault: Fault) {
        const t = typeof fault.path === 'string' ? target(fault.method, fault.path) : undefined;
        if (!t) {
          fake.inject(fault);
          return;
        }
        const { method: _method, path: _path, body, ...rest } = fault;
        const translated: OperationFault = {
          ...rest,
          operation: t.operation,
          ...(t.when ? { when: t.when } : {}),
        };
        const graphQLBody = asGraphQLBody(body, t.field);
        if (graphQLBody !== undefined) translated.body = graphQLBody;
        fake.injectOperation(translated);
      },
      clearFaults() {
        fake.clearFaults();
        fake.allow('getClient');
      },
      paths: PATHS,
      // SuperOps says so at HTTP 200: clientError `forbidden` on the field.
      forbidCustomerReads: () => fake.forbid('getClient'),
      apiKey: fake.apiToken,
    };
    return {
      client: makeClient(),
      makeClient,
      customerCount: () => fake.clients().length,
      contactEmailsOf: (id) => fake.users(id).map((u) => u.email),
      http,
      fake: fakeVendorOf(fake),
      async close() {
        await clients.closeAll();
        await fake.close();
      },
    };
  },
};

runContractSuite(entry);
