// The SuperOps.ai MSP GraphQL client behind VendorClient: documents in documents.ts, names in mapping.ts.
import type { z } from 'zod';
import {
  type Contact,
  type ContactCreate,
  type ContactPatch,
  type Customer,
  type CustomerCreate,
  type CustomerPatch,
  type CustomFieldDefinition,
  isVendorError,
  VendorError,
  type VendorErrorKind,
} from '../../domain/index.js';
import {
  abortableSleep,
  backoffDelay,
  createHttpClient,
  DEFAULT_RETRY,
  type ErrorBodyParser,
  formatPath,
  type HttpTimeouts,
  MAX_PAGES,
  type RetryOptions,
} from '../http.js';
import type {
  CallOptions,
  ConnectionInfo,
  Page,
  RelatedCount,
  RelatedRecord,
  VendorCapabilities,
  VendorClient,
  VendorHooks,
} from '../types.js';
import { type FieldSelection, type GraphQLOperation, OPERATIONS, type OperationKey } from './documents.js';
import {
  assetRecord,
  assetsCondition,
  belongsTo,
  CHOICE_KEYS,
  clientSearchCondition,
  clientUserSearchCondition,
  contactCreateToWire,
  contactFromWire,
  contactPatchToWire,
  contractRecord,
  customerChoices,
  customerCreateToWire,
  customerFromWire,
  customerIdFromUrl,
  customerPatchToWire,
  customValuesFromWire,
  customValueToWire,
  defaultRole,
  definitionByName,
  domainFieldOf,
  type FieldContext,
  fieldDefinitionFromWire,
  fieldMessage,
  hqSiteOf,
  openTicketsCondition,
  roleChoice,
  ticketRecord,
  UnmappableFieldError,
  webBaseFor,
} from './mapping.js';
import {
  AssetsDataSchema,
  ClientCountDataSchema,
  ClientCustomValuesDataSchema,
  ClientDetailDataSchema,
  type ClientError,
  ClientIdsDataSchema,
  ClientNameDataSchema,
  ClientPageDataSchema,
  ClientUserDetailDataSchema,
  ClientUserPageDataSchema,
  ClientUsersOfClientDataSchema,
  ContactCreateContextDataSchema,
  ContractsDataSchema,
  CreateClientDataSchema,
  CreateClientUserDataSchema,
  CustomFieldDefinitionsDataSchema,
  DeleteClientUserDataSchema,
  type GraphQLEnvelope,
  GraphQLEnvelopeSchema,
  type GraphQLError,
  type ListInfo,
  type ListInfoInput,
  RequesterRolesDataSchema,
  RestoreClientDataSchema,
  type RuleCondition,
  TicketsDataSchema,
  TrashClientDataSchema,
  UpdateClientDataSchema,
  UpdateClientSiteDataSchema,
  UpdateClientUserDataSchema,
  type WireCustomField,
  type WireSite,
} from './schemas.js';

export interface SuperOpsClientOptions {
  apiToken: string;
  /** Sent as the CustomerSubDomain header. */
  subdomain: string;
  /** https://api.superops.ai/msp, https://euapi.superops.ai/msp, or a test server. */
  apiUrl: string;
  hooks?: VendorHooks;
  timeouts?: Partial<HttpTimeouts>;
  retry?: Partial<RetryOptions>;
}

/** A VendorClient that also releases its connections. */
export type SuperOpsClient = VendorClient & { close(): Promise<void> };

const VENDOR = 'SuperOps';
/** "Maximum 100 records per API request" (support article 6632220; RPMC reads the reference the same way). */
const PAGE_SIZE = 100;
const SAMPLE = 5;
/** Searches read this many pages at most: a search that matches more needs better words. */
const SEARCH_PAGES = 5;
/** SuperOps counts its limit per minute: a request refused now is safe again within one. */
const RATE_LIMIT_WINDOW_MS = 60_000;

export const SUPEROPS_CAPABILITIES: VendorCapabilities = {
  label: VENDOR,
  serverSideSearch: true,
  contactsByCustomer: true,
  editableContactEmail: true,
  contactEmailRequired: true,
  customFields: true,
  // Client users carry custom values, but the published reference has no query for their definitions
  // (getClientUserCustomFieldList exists only in the introspected schema), so their labels are unknown.
  contactCustomFields: false,
  pageSize: PAGE_SIZE,
  // Sources disagree: support article 6632215 says 800 requests a minute, the developer reference (as RPMC
  // reads it, and enforces) 100. Starting at the lower figure costs a slower first index build at worst;
  // the higher one would meet rate_limit_exceeded early. The limiter adapts from there.
  defaultRateLimitPerMinute: 100,
  // The limit belongs to the API token's user ("the user exceeds the number of API requests they can
  // make"), not to an IP address.
  rateLimitScope: 'connection',
  // A client has a name and email domains; address and phone are its HQ site's. No fax, mobile, email,
  // business number, links, notes or referral anywhere.
  customerFields: ['domains', 'phone', 'address', 'address2', 'city', 'state', 'zip', 'country'],
  contactAddress: false,
  // A client user has a contact number, and no title, mobile or notes.
  contactFields: ['phone'],
  // The list's clients carry the HQ site as a reference only; the card reads the site's address and phone.
  summaryLists: true,
  personCustomers: false,
  customerRemoval: 'trash',
  // "Trashed clients will be deleted from the system automatically after 30 days" (hardDeleteClients).
  restoreWindowDays: 30,
  contactDeactivation: false,
  customerDeleteWarning:
    'SuperOps moves the client to its trash; it can be restored for 30 days, then SuperOps deletes it for good.',
  impersonation: false,
  // Neither Client nor ClientUser has a created or updated time in the reference: nothing to filter on.
  changedSince: { customers: false, contacts: false },
};

/** Rejections of a document itself (a field the live schema lacks, a syntax error): our bug, not the user's. */
export class QueryRejected extends Error {
  override readonly name = 'QueryRejected';
  constructor(
    readonly operation: string,
    readonly messages: string[],
  ) {
    super(`${operation}: ${messages.join('; ')}`);
  }
}

interface ErrorExtras {
  /** HTTP status; GraphQL answers are 200, checks made here have none. */
  status?: number | undefined;
  fields?: Record<string, string>;
  retryAfterMs?: number;
  path?: string;
  cause?: unknown;
}

function vendorError(kind: VendorErrorKind, message: string, extra: ErrorExtras = {}): VendorError {
  return new VendorError(kind, message, { vendor: VENDOR, ...extra });
}

function notFound(what: string, id: string): VendorError {
  return vendorError('not_found', `SuperOps has no ${what} ${id}.`, { status: 200 });
}

/** An error SuperOps sent inside an HTTP 200 answer. */
function answered(kind: VendorErrorKind, message: string, extra: ErrorExtras = {}): VendorError {
  return vendorError(kind, message, { status: 200, ...extra });
}

/** Answers that never reached GraphQL: 401 bad token, 400 (empty body) bad subdomain, gateway errors. */
export function superOpsHttpErrorParser(subdomain: string): ErrorBodyParser {
  return (status, bodyText) => {
    let firstMessage: string | undefined;
    try {
      const parsed = GraphQLEnvelopeSchema.safeParse(JSON.parse(bodyText));
      if (parsed.success) firstMessage = parsed.data.errors?.[0]?.message ?? undefined;
    } catch {
      firstMessage = undefined;
    }
    if (status === 401) {
      return {
        kind: 'auth',
        message: 'SuperOps rejected the API token (HTTP 401): it was regenerated, deleted, or is mistyped.',
      };
    }
    if (status === 400) {
      if (firstMessage)
        return { kind: 'bad_response', message: `SuperOps rejected the request: ${firstMessage}` };
      // Support article 6632228: an invalid subdomain is answered 400, and live with an empty body.
      return {
        kind: 'auth',
        message: `SuperOps refused the request (HTTP 400, no details): the subdomain “${subdomain}” is most likely wrong (SuperOps: Settings > MSP Information).`,
      };
    }
    return firstMessage ? { message: `SuperOps answered HTTP ${status}: ${firstMessage}` } : {};
  };
}

const VALIDATION_CODES = new Set([
  'unique_validation_failed',
  'mandatory_validation_failed',
  'type_validation_failed',
  'value_length_exceeds_limit',
  'referred_value_does_not_exist',
  'value_pattern_validation_failed',
  'dependent_validation_failed',
]);
const SUBSCRIPTION_CODES: Record<string, string> = {
  subscription_trial_expired: 'the SuperOps trial has expired',
  subscription_paused: 'the SuperOps subscription is paused',
  subscription_cancelled: 'the SuperOps subscription is cancelled',
};
const REJECTION_CLASSES = new Set(['ValidationError', 'InvalidSyntax', 'OperationNotSupported']);
const REJECTION_MESSAGE =
  /^(Validation error|Invalid Syntax|Syntax Error|Cannot query field|Unknown (argument|type)|Field "[^"]+" (must not|argument)|Variable "\$)/i;

function classification(error: GraphQLError): string | undefined {
  const raw = error.extensions?.classification;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'object' && raw !== null && 'type' in raw)
    return String((raw as { type: unknown }).type);
  return undefined;
}

/**
 * The errors of an HTTP 200 answer as one VendorError, or undefined when there are none. SuperOps reports
 * application errors as `errors[].extensions.clientError[{code, param}]` with `data: {}` (support 6632228).
 */
export function graphQLFailure(
  envelope: GraphQLEnvelope,
  operation: GraphQLOperation,
  context: FieldContext,
): VendorError | undefined {
  const errors = envelope.errors ?? [];
  if (errors.length === 0) return undefined;
  const clientErrors: ClientError[] = errors.flatMap((e) => e.extensions?.clientError ?? []);
  const messages = errors.map((e) => e.message ?? '').filter((m) => m !== '');
  if (clientErrors.length === 0) {
    const rejected = errors.some((e) => {
      const kind = classification(e);
      return (kind !== undefined && REJECTION_CLASSES.has(kind)) || REJECTION_MESSAGE.test(e.message ?? '');
    });
    if (rejected) {
      return answered(
        'bad_response',
        `SuperOps rejected the ${operation.name} request: ${messages[0] ?? ''}`,
        {
          cause: new QueryRejected(operation.name, messages),
        },
      );
    }
    return answered(
      'unavailable',
      `SuperOps could not answer ${operation.name}: ${messages[0] ?? 'unknown error'}.`,
    );
  }
  const codes = clientErrors.map((e) => e.code);
  if (codes.includes('rate_limit_exceeded')) {
    return answered('rate_limited', 'SuperOps refused the request: the API limit per minute was reached.');
  }
  const subscription = codes.find((c) => SUBSCRIPTION_CODES[c]);
  if (subscription)
    return answered('forbidden', `SuperOps refused the request: ${SUBSCRIPTION_CODES[subscription]}.`);
  if (codes.includes('forbidden')) {
    return answered(
      'forbidden',
      `SuperOps refused ${operation.name}: the API token’s user lacks the permission.`,
    );
  }
  if (codes.includes('entity_does_not_exist')) {
    return answered('not_found', `SuperOps has no such record (${operation.name}).`);
  }
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const error of clientErrors) {
    const attributes = error.param?.attributes ?? [];
    for (const attribute of attributes) {
      const field = domainFieldOf(attribute, context) ?? attribute;
      fields[field] = fieldMessage(error.code, field, context);
    }
    if (attributes.length === 0) unplaced.push(error.code);
  }
  const text = [
    ...Object.values(fields),
    ...unplaced.map((c) => `SuperOps refused the request (${c}).`),
  ].join(' ');
  const validation = codes.some((c) => VALIDATION_CODES.has(c)) || Object.keys(fields).length > 0;
  return answered(
    validation ? 'validation' : 'bad_response',
    text || `SuperOps refused the request (${codes.join(', ')}).`,
    {
      fields,
    },
  );
}

/** Where the account lives, from its API URL: `euapi.` is the EU data center; a test server has none. */
export function superOpsRegion(apiUrl: string): 'US' | 'EU' | undefined {
  const host = new URL(apiUrl).hostname.toLowerCase();
  if (host === 'euapi.superops.ai') return 'EU';
  if (host === 'api.superops.ai') return 'US';
  return undefined;
}

export function createSuperOpsClient(options: SuperOpsClientOptions): SuperOpsClient {
  const endpoint = new URL(options.apiUrl);
  const endpointPath = endpoint.pathname === '' ? '/' : endpoint.pathname;
  const webBase = webBaseFor(options.subdomain);
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };
  const hooks = options.hooks;
  const http = createHttpClient({
    vendor: VENDOR,
    baseUrl: endpoint.origin,
    // support article 6632215: the token as a Bearer, the account in CustomerSubDomain.
    headers: { authorization: `Bearer ${options.apiToken}`, CustomerSubDomain: options.subdomain },
    secrets: [options.apiToken],
    hooks,
    timeouts: options.timeouts,
    retry: options.retry,
    parseError: superOpsHttpErrorParser(options.subdomain),
  });
  // Documents select CustomField.options/isMandatory until SuperOps says it has no such fields.
  let selection: FieldSelection = 'introspected';

  /**
   * Sends one operation and returns its `data`. A rate_limit_exceeded at HTTP 200 is invisible to http.ts,
   * so it is handled here: reported through hooks.onRateLimited (the workspace backs off) and retried
   * after a backoff; a refused request was not processed, so even a mutation may go again (as on a 429).
   */
  async function run<S extends z.ZodType>(
    operation: GraphQLOperation,
    variables: Record<string, unknown>,
    schema: S,
    call: { signal?: AbortSignal | undefined; context?: FieldContext } = {},
  ): Promise<z.output<S>> {
    for (let attempt = 1; ; attempt++) {
      const envelope = await http.request({
        method: 'POST',
        path: endpointPath,
        body: { operationName: operation.name, query: operation.text, variables },
        schema: GraphQLEnvelopeSchema,
        signal: call.signal,
        // Queries only read: retried like GETs through 5xx and timeouts. Mutations never are.
        idempotent: operation.kind === 'query',
      });
      const failure = graphQLFailure(envelope, operation, call.context ?? 'customer');
      if (!failure) {
        const parsed = schema.safeParse(envelope.data);
        if (parsed.success) return parsed.data;
        const issue = parsed.error.issues[0];
        const path = ['data', ...(issue?.path ?? [])];
        throw answered(
          'bad_response',
          `SuperOps answered ${operation.name} in an unexpected shape at ${formatPath(path)}: ${issue?.message ?? 'invalid'}.`,
          { path: formatPath(path) },
        );
      }
      if (failure.kind !== 'rate_limited') throw failure;
      if (attempt > retry.retries) {
        hooks?.onRateLimited?.(RATE_LIMIT_WINDOW_MS);
        throw answered('rate_limited', failure.message, { retryAfterMs: RATE_LIMIT_WINDOW_MS });
      }
      const waitMs = backoffDelay(attempt, retry);
      hooks?.onRateLimited?.(waitMs);
      await abortableSleep(waitMs, call.signal);
    }
  }

  /** Runs with the current document set, falling back once to the documented CustomField selection. */
  async function withFields<T>(use: (ops: Record<OperationKey, GraphQLOperation>) => Promise<T>): Promise<T> {
    const current = selection;
    try {
      return await use(OPERATIONS[current]);
    } catch (error) {
      const rejectsExtras =
        current === 'introspected' &&
        isVendorError(error, 'bad_response') &&
        error.cause instanceof QueryRejected &&
        error.cause.messages.some((m) => /\b(options|isMandatory)\b/.test(m));
      if (!rejectsExtras) throw error;
      selection = 'documented';
      return use(OPERATIONS.documented);
    }
  }
  const ops = () => OPERATIONS[selection];

  const validationError = (field: string, message: string) =>
    vendorError('validation', message, { fields: { [field]: message } });

  const listInput = (page: number, condition?: RuleCondition): ListInfoInput => ({
    page,
    pageSize: PAGE_SIZE,
    ...(condition ? { condition } : {}),
  });

  /** The client, its HQ site and the definitions its custom values need, in one request. */
  const readCustomer = async (
    id: string,
    signal?: AbortSignal,
  ): Promise<{ customer: Customer; site: WireSite | undefined; definitions: WireCustomField[] }> => {
    const data = await withFields((o) =>
      run(
        o.clientDetail,
        { client: { accountId: id }, sites: { clientId: id, listInfo: listInput(1) } },
        ClientDetailDataSchema,
        { signal },
      ),
    );
    if (!data.getClient) throw notFound('client', id);
    const site = hqSiteOf(data.getClientSiteList?.sites ?? [], data.getClient);
    const definitions = data.getClientCustomFieldList;
    return { customer: customerFromWire(data.getClient, site, definitions, webBase), site, definitions };
  };

  const clientName = async (id: string, signal?: AbortSignal): Promise<string> => {
    const data = await run(ops().clientName, { client: { accountId: id } }, ClientNameDataSchema, { signal });
    if (!data.getClient) throw notFound('client', id);
    return data.getClient.name;
  };

  const definitions = async (signal?: AbortSignal): Promise<WireCustomField[]> =>
    (await withFields((o) => run(o.customFieldDefinitions, {}, CustomFieldDefinitionsDataSchema, { signal })))
      .getClientCustomFieldList;

  /**
   * Pages a list whose first page is at hand: all of them when totalCount says how many (4 at a time),
   * else one after another while hasMore is true (the last page says null).
   */
  const restOfPages = async <T>(
    first: { items: T[]; info: ListInfo },
    fetch: (page: number) => Promise<{ items: T[]; info: ListInfo }>,
    maxPages: number,
  ): Promise<T[]> => {
    const out = [...first.items];
    const total = first.info?.totalCount;
    const size = first.info?.pageSize ?? PAGE_SIZE;
    if (typeof total === 'number') {
      const last = Math.min(maxPages, Math.ceil(total / Math.max(1, size)));
      const results: T[][] = [];
      let next = 2;
      // One failed page fails the read; the other workers stop instead of spending the rate budget.
      let failed = false;
      const worker = async () => {
        while (next <= last && !failed) {
          const page = next++;
          try {
            results[page] = (await fetch(page)).items;
          } catch (error) {
            failed = true;
            throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(4, Math.max(0, last - 1)) }, worker));
      for (const items of results) if (items) out.push(...items);
      return out;
    }
    let more = first.info?.hasMore === true && first.items.length > 0;
    for (let page = 2; more && page <= maxPages; page++) {
      const next = await fetch(page);
      out.push(...next.items);
      more = next.info?.hasMore === true && next.items.length > 0;
    }
    return out;
  };

  /** Client ids of one page, for finding the last page when SuperOps leaves totalCount out. */
  const idsPage = async (page: number, signal?: AbortSignal) => {
    const data = await run(ops().clientIds, { input: listInput(page) }, ClientIdsDataSchema, { signal });
    return {
      count: data.getClientList.clients.length,
      hasMore: data.getClientList.listInfo?.hasMore === true,
    };
  };

  let discoveredLastPage: { page: number; at: number } | undefined;
  /** The last page after `from` (which has more): doubling steps, then halving; O(log pages) requests. */
  const findLastPage = async (from: number, signal?: AbortSignal): Promise<number> => {
    let low = from;
    let high: number | undefined;
    for (let step = 1; high === undefined; step *= 2) {
      const probe = low + step;
      if (probe > MAX_PAGES) return low;
      const result = await idsPage(probe, signal);
      if (result.count === 0) high = probe;
      else if (!result.hasMore) return probe;
      else low = probe;
    }
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      const result = await idsPage(mid, signal);
      if (result.count === 0) high = mid;
      else if (!result.hasMore) return mid;
      else low = mid;
    }
    return low;
  };

  const customerPage = async (page: number, signal?: AbortSignal): Promise<Page<Customer>> => {
    const data = await withFields((o) =>
      run(o.clientPage, { input: listInput(page) }, ClientPageDataSchema, { signal }),
    );
    const defs = data.getClientCustomFieldList;
    // A list carries no sites: address and phone come with getCustomer (one more request per client).
    const items = data.getClientList.clients.map((c) => customerFromWire(c, undefined, defs, webBase));
    const info = data.getClientList.listInfo;
    const total = info?.totalCount;
    if (typeof total === 'number') {
      const size = Math.max(1, info?.pageSize ?? PAGE_SIZE);
      return { items, page, totalPages: Math.max(1, Math.ceil(total / size)), totalItems: total };
    }
    // No totalCount: only hasMore tells. The index reads page 1's totalPages, so page 1 finds the end.
    const more = info?.hasMore === true && items.length > 0;
    let totalPages = more ? page + 1 : page;
    if (more) {
      const cached =
        discoveredLastPage && Date.now() - discoveredLastPage.at < 60_000 ? discoveredLastPage : undefined;
      if (page === 1 || !cached) {
        discoveredLastPage = { page: await findLastPage(page, signal), at: Date.now() };
      }
      totalPages = Math.max(totalPages, discoveredLastPage?.page ?? totalPages);
    }
    return { items, page, totalPages };
  };

  const contactsPage = async (
    page: number,
    filter: { clientId?: string; condition?: RuleCondition },
    signal?: AbortSignal,
  ) => {
    const input = {
      ...(filter.clientId ? { clientId: filter.clientId } : {}),
      listInfo: listInput(page, filter.condition),
    };
    const data = await run(ops().clientUserPage, { input }, ClientUserPageDataSchema, {
      signal,
      context: 'contact',
    });
    return { items: data.getClientUserList.userList, info: data.getClientUserList.listInfo };
  };

  const setPrimary = async (customerId: string, userId: string, signal?: AbortSignal) => {
    await run(
      ops().updateClient,
      { input: { accountId: customerId, primaryContact: { userId } } },
      UpdateClientDataSchema,
      { signal, context: 'contact' },
    );
  };

  /** Related records: a count (totalCount, else counted page by page) and the first few of this client's. */
  const related = async <T>(
    fetch: (page: number) => Promise<{ items: T[]; info: ListInfo }>,
    keep: (item: T) => boolean,
    toRecord: (item: T) => RelatedRecord,
    options: { serverFiltered: boolean; maxPages: number },
  ): Promise<RelatedCount> => {
    const first = await fetch(1);
    const total = first.info?.totalCount;
    if (options.serverFiltered && typeof total === 'number') {
      return { total, sample: first.items.filter(keep).slice(0, SAMPLE).map(toRecord) };
    }
    const all = (await restOfPages(first, fetch, options.maxPages)).filter(keep);
    return { total: all.length, sample: all.slice(0, SAMPLE).map(toRecord) };
  };

  const client: SuperOpsClient = {
    vendor: 'superops',
    capabilities: SUPEROPS_CAPABILITIES,

    async searchCustomers(query, o?: CallOptions) {
      const text = query.trim();
      if (text === '') return [];
      const fetch = async (page: number) => {
        const data = await withFields((ops) =>
          run(
            ops.clientSearch,
            { input: listInput(page, clientSearchCondition(text)) },
            ClientPageDataSchema,
            {
              signal: o?.signal,
            },
          ),
        );
        const defs = data.getClientCustomFieldList;
        return {
          items: data.getClientList.clients.map((c) => customerFromWire(c, undefined, defs, webBase)),
          info: data.getClientList.listInfo,
        };
      };
      return restOfPages(await fetch(1), fetch, SEARCH_PAGES);
    },

    getCustomer: async (id, o) => (await readCustomer(id, o?.signal)).customer,

    async createCustomer(input: CustomerCreate, o?: CallOptions) {
      let wire: ReturnType<typeof customerCreateToWire>;
      try {
        wire = customerCreateToWire(input);
      } catch (error) {
        if (error instanceof UnmappableFieldError) throw validationError(error.field, error.message);
        throw error;
      }
      const created = await run(ops().createClient, { input: wire.input }, CreateClientDataSchema, {
        signal: o?.signal,
      });
      if (!created.createClientV2)
        throw vendorError('bad_response', 'SuperOps accepted the client but sent none back.');
      const id = created.createClientV2.accountId;
      const detail = await readCustomer(id, o?.signal);
      // The reference's CreateClientSiteInput has no contactNumber (only UpdateClientSiteInput does).
      if (wire.phone && detail.site) {
        const updated = await run(
          ops().updateClientSite,
          { input: { id: detail.site.id, contactNumber: wire.phone } },
          UpdateClientSiteDataSchema,
          { signal: o?.signal },
        );
        return { ...detail.customer, phone: updated.updateClientSite?.contactNumber ?? wire.phone };
      }
      return detail.customer;
    },

    async updateCustomer(id: string, patch: CustomerPatch, o?: CallOptions) {
      let wire: ReturnType<typeof customerPatchToWire>;
      try {
        wire = customerPatchToWire(patch);
      } catch (error) {
        if (error instanceof UnmappableFieldError) throw validationError(error.field, error.message);
        throw error;
      }
      const siteChanges = Object.keys(wire.site).length > 0;
      const current = siteChanges ? await readCustomer(id, o?.signal) : undefined;
      if (Object.keys(wire.client).length > 0) {
        await run(ops().updateClient, { input: { accountId: id, ...wire.client } }, UpdateClientDataSchema, {
          signal: o?.signal,
        });
      }
      if (siteChanges) {
        const site = current?.site;
        if (!site) {
          throw validationError(
            'address',
            'SuperOps has no headquarters site for this client to hold the address.',
          );
        }
        await run(
          ops().updateClientSite,
          { input: { id: site.id, ...wire.site } },
          UpdateClientSiteDataSchema,
          {
            signal: o?.signal,
          },
        );
      }
      return (await readCustomer(id, o?.signal)).customer;
    },

    async deleteCustomer(id, o) {
      try {
        // Never hardDeleteClients: the trash keeps the client restorable for 30 days.
        const result = await run(ops().trashClient, { input: [{ accountId: id }] }, TrashClientDataSchema, {
          signal: o?.signal,
        });
        if (result.softDeleteClients === false) {
          throw vendorError('unavailable', 'SuperOps answered that the client was not moved to the trash.');
        }
      } catch (error) {
        // Already in the trash or gone: done.
        if (isVendorError(error, 'not_found')) return;
        throw error;
      }
    },

    async restoreCustomer(id, o) {
      const result = await run(ops().restoreClient, { input: [{ accountId: id }] }, RestoreClientDataSchema, {
        signal: o?.signal,
      });
      if (result.restoreClients === false) {
        throw vendorError(
          'not_found',
          'SuperOps could not restore the client: it is no longer in the trash.',
        );
      }
      return (await readCustomer(id, o?.signal)).customer;
    },

    listCustomerPage: (page, o) => customerPage(page, o?.signal),

    async countCustomers(o) {
      const data = await run(ops().clientCount, { input: { page: 1, pageSize: 1 } }, ClientCountDataSchema, {
        signal: o?.signal,
      });
      const total = data.getClientList.listInfo?.totalCount;
      if (typeof total === 'number') return total;
      let count = 0;
      for (let page = 1; page <= MAX_PAGES; page++) {
        const result = await idsPage(page, o?.signal);
        count += result.count;
        if (!result.hasMore || result.count === 0) break;
      }
      return count;
    },

    async searchContacts(query, o) {
      const text = query.trim();
      if (text === '') return [];
      const fetch = (page: number) =>
        contactsPage(page, { condition: clientUserSearchCondition(text) }, o?.signal);
      const users = await restOfPages(await fetch(1), fetch, SEARCH_PAGES);
      return users.map((u) => contactFromWire(u));
    },

    async listContacts(customerId, o) {
      const data = await run(
        ops().clientUsersOfClient,
        {
          users: { clientId: customerId, listInfo: listInput(1) },
          client: { accountId: customerId },
        },
        ClientUsersOfClientDataSchema,
        { signal: o?.signal, context: 'contact' },
      );
      if (!data.getClient) throw notFound('client', customerId);
      const first = { items: data.getClientUserList.userList, info: data.getClientUserList.listInfo };
      const users = await restOfPages(
        first,
        (page) => contactsPage(page, { clientId: customerId }, o?.signal),
        MAX_PAGES,
      );
      const primaryUserId = data.getClient.primaryContact?.userId;
      const context = {
        customerId,
        customerName: data.getClient.name,
        ...(primaryUserId ? { primaryUserId } : {}),
      };
      return users.map((u) => contactFromWire(u, context));
    },

    async listContactPage(page, o) {
      const result = await contactsPage(page, {}, o?.signal);
      const total = result.info?.totalCount;
      const size = Math.max(1, result.info?.pageSize ?? PAGE_SIZE);
      const more = result.info?.hasMore === true && result.items.length > 0;
      return {
        items: result.items.map((u) => contactFromWire(u)),
        page,
        totalPages: typeof total === 'number' ? Math.max(1, Math.ceil(total / size)) : more ? page + 1 : page,
        ...(typeof total === 'number' ? { totalItems: total } : {}),
      };
    },

    async getContact(id, o) {
      const data = await run(ops().clientUserDetail, { input: { userId: id } }, ClientUserDetailDataSchema, {
        signal: o?.signal,
        context: 'contact',
      });
      if (!data.getClientUser) throw notFound('client user', id);
      return contactFromWire(data.getClientUser);
    },

    async createContact(input: ContactCreate, o?: CallOptions) {
      if (!input.email?.trim()) {
        throw validationError('email', 'SuperOps requires an email address for every client user.');
      }
      const context = await run(
        ops().contactCreateContext,
        { sites: { clientId: input.customerId, listInfo: listInput(1) } },
        ContactCreateContextDataSchema,
        { signal: o?.signal, context: 'contact' },
      );
      const sites = context.getClientSiteList?.sites ?? [];
      const site = sites.find((s) => s.hq === true) ?? sites[0];
      if (!site) throw notFound('client', input.customerId);
      // The role the user picked, else the account's default requester role.
      const chosen = input.choices?.[CHOICE_KEYS.role]?.trim();
      const roleId = chosen || defaultRole(context.getRequesterRoleList)?.roleId;
      if (!roleId)
        throw validationError(CHOICE_KEYS.role, 'SuperOps has no requester role to give the new user.');
      const created = await run(
        ops().createClientUser,
        { input: contactCreateToWire(input, roleId, site.id) },
        CreateClientUserDataSchema,
        { signal: o?.signal, context: 'contact' },
      );
      if (!created.createClientUser)
        throw vendorError('bad_response', 'SuperOps accepted the user but sent none back.');
      const contact = contactFromWire(created.createClientUser, { customerId: input.customerId });
      if (input.isPrimary) {
        await setPrimary(input.customerId, contact.id, o?.signal);
        return { ...contact, isPrimary: true };
      }
      return contact;
    },

    async updateContact(id: string, patch: ContactPatch, o?: CallOptions) {
      const wire = contactPatchToWire(patch);
      let contact: Contact;
      if (Object.keys(wire).length > 0) {
        const data = await run(
          ops().updateClientUser,
          { input: { userId: id, ...wire } },
          UpdateClientUserDataSchema,
          { signal: o?.signal, context: 'contact' },
        );
        if (!data.updateClientUser) throw notFound('client user', id);
        contact = contactFromWire(data.updateClientUser);
      } else {
        contact = await client.getContact(id, o);
      }
      if (patch.isPrimary === true) {
        const customerId = contact.customerId || patch.customerId;
        if (customerId) {
          await setPrimary(customerId, contact.id, o?.signal);
          contact = { ...contact, isPrimary: true };
        }
      }
      return contact;
    },

    async deleteContact(id, o) {
      try {
        await run(ops().deleteClientUser, { input: { userId: id } }, DeleteClientUserDataSchema, {
          signal: o?.signal,
          context: 'contact',
        });
      } catch (error) {
        if (isVendorError(error, 'not_found')) return;
        throw error;
      }
    },

    async listCustomFieldDefinitions(o) {
      return (await definitions(o?.signal))
        .map(fieldDefinitionFromWire)
        .filter((d): d is CustomFieldDefinition => d !== undefined);
    },

    async getCustomFieldValues(customerId, o) {
      const data = await withFields((ops) =>
        run(ops.clientCustomValues, { client: { accountId: customerId } }, ClientCustomValuesDataSchema, {
          signal: o?.signal,
        }),
      );
      if (!data.getClient) throw notFound('client', customerId);
      return customValuesFromWire(data.getClient.customFields, data.getClientCustomFieldList);
    },

    async setCustomField(customerId, name, value, o) {
      const definition = definitionByName(await definitions(o?.signal), name);
      if (!definition) throw validationError(name, `SuperOps has no client custom field “${name}”.`);
      // Only this column is sent; the others keep their values.
      await run(
        ops().updateClient,
        {
          input: {
            accountId: customerId,
            customFields: { [definition.columnName]: customValueToWire(definition, value) },
          },
        },
        UpdateClientDataSchema,
        { signal: o?.signal },
      );
    },

    async customerCreateChoices() {
      return customerChoices();
    },

    async contactCreateChoices(o) {
      const data = await run(ops().requesterRoles, {}, RequesterRolesDataSchema, { signal: o?.signal });
      return [roleChoice(data.getRequesterRoleList)];
    },

    async openTickets(customerId, o) {
      const name = await clientName(customerId, o?.signal);
      const fetch = async (page: number) => {
        const data = await run(
          ops().ticketsOfClient,
          { input: listInput(page, openTicketsCondition(name)) },
          TicketsDataSchema,
          { signal: o?.signal },
        );
        return { items: data.getTicketList.tickets, info: data.getTicketList.listInfo };
      };
      return related(
        fetch,
        (t) => belongsTo(t.client ?? null, customerId, name),
        (t) => ticketRecord(t, webBase),
        {
          serverFiltered: true,
          maxPages: 50,
        },
      );
    },

    async devices(customerId, o) {
      const name = await clientName(customerId, o?.signal);
      const fetch = async (page: number) => {
        const data = await run(
          ops().assetsOfClient,
          { input: listInput(page, assetsCondition(name)) },
          AssetsDataSchema,
          {
            signal: o?.signal,
          },
        );
        return { items: data.getAssetList.assets, info: data.getAssetList.listInfo };
      };
      return related(
        fetch,
        (a) => belongsTo(a.client ?? null, customerId, name),
        (a) => assetRecord(a, webBase),
        {
          serverFiltered: true,
          maxPages: 50,
        },
      );
    },

    async contracts(customerId, o) {
      const name = await clientName(customerId, o?.signal);
      // No filter on a contract's client is documented: read the account's contracts and keep this client's.
      const fetch = async (page: number) => {
        const data = await run(ops().clientContracts, { input: listInput(page) }, ContractsDataSchema, {
          signal: o?.signal,
        });
        return {
          items: data.getClientContractList?.clientContracts ?? [],
          info: data.getClientContractList?.listInfo,
        };
      };
      return related(
        fetch,
        (c) =>
          belongsTo(c.client ?? null, customerId, name) &&
          (c.contractStatus ?? '').toUpperCase() !== 'INACTIVE',
        contractRecord,
        { serverFiltered: false, maxPages: 20 },
      );
    },

    async webLinks() {
      return { base: webBase, customerIdFrom: (url: string) => customerIdFromUrl(webBase, url) };
    },

    async testConnection(o): Promise<ConnectionInfo> {
      // The cheapest read that proves the token, the subdomain and the right to read clients. The API has
      // no query for the MSP's own name, so the account is named by its subdomain.
      await run(ops().connectionCheck, { input: { page: 1, pageSize: 1 } }, ClientCountDataSchema, {
        signal: o?.signal,
      });
      const region = superOpsRegion(options.apiUrl);
      return { accountName: options.subdomain, ...(region ? { region } : {}) };
    },

    close: () => http.close(),
  };
  return client;
}
