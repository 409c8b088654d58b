// Every GraphQL document the SuperOps client sends: named operations with variables, parsed once at load.
//
// Sources: the official MSP reference (developer.superops.com/msp, public copy "API Documentation - SuperOps"),
// cross-checked against an introspected schema of the live API (a graphql-codegen output). Object-valued
// fields the reference types as the `JSON` scalar (hqSite, primaryContact, client, role, customFields...) are
// selected bare: SuperOps rejects a sub-selection on them (graphql-java `SubSelectionNotAllowed`).
import {
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  visit,
} from 'graphql';

export interface GraphQLOperation {
  /** The operation's name, sent as `operationName` (and what the fake and the logs key on). */
  readonly name: string;
  /** Queries only read, so they may be repeated like GETs; mutations never are. */
  readonly kind: 'query' | 'mutation';
  /** The printed document, fragments included. */
  readonly text: string;
}

/** How much of `CustomField` a document selects (see CUSTOM_FIELD_PARTS). */
export type FieldSelection = 'introspected' | 'documented';

const FRAGMENTS = {
  client: `fragment ClientParts on Client {
    accountId name stage status emailDomains
    accountManager primaryContact secondaryContact hqSite technicianGroups customFields
  }`,
  // A client's address and main phone live on its sites (ClientSite); the HQ site has `hq: true`.
  site: `fragment SiteParts on ClientSite {
    id name timezoneCode working24x7 line1 line2 line3 city postalCode countryCode stateCode contactNumber hq
  }`,
  listInfo: 'fragment ListInfoParts on ListInfo { page pageSize hasMore totalCount }',
  // `client` is JSON ({accountId, name}); deprecated in the live schema (a user may belong to several
  // clients) but still the only place a client user names its client.
  clientUser: `fragment ClientUserParts on ClientUser {
    userId firstName lastName name email contactNumber role client customFields
  }`,
} as const;

/**
 * `options` and `isMandatory` are in the live (introspected) schema but not in the published reference's
 * CustomField type; documents are built in both forms and the client falls back to the documented one when
 * SuperOps rejects the longer selection.
 */
const CUSTOM_FIELD_PARTS: Record<FieldSelection, string> = {
  introspected:
    'fragment CustomFieldParts on CustomField { id columnName label description fieldType showToClient isMandatory options }',
  documented:
    'fragment CustomFieldParts on CustomField { id columnName label description fieldType showToClient }',
};

const SOURCES = {
  // One request per page: the clients and the definitions their custom values are keyed by.
  clientPage: `query ClientPage($input: ListInfoInput!) {
    getClientList(input: $input) { clients { ...ClientParts } listInfo { ...ListInfoParts } }
    getClientCustomFieldList { ...CustomFieldParts }
  }`,
  clientSearch: `query ClientSearch($input: ListInfoInput!) {
    getClientList(input: $input) { clients { ...ClientParts } listInfo { ...ListInfoParts } }
    getClientCustomFieldList { ...CustomFieldParts }
  }`,
  clientIds: `query ClientIds($input: ListInfoInput!) {
    getClientList(input: $input) { clients { accountId } listInfo { ...ListInfoParts } }
  }`,
  clientCount: `query ClientCount($input: ListInfoInput!) {
    getClientList(input: $input) { listInfo { ...ListInfoParts } }
  }`,
  connectionCheck: `query ConnectionCheck($input: ListInfoInput!) {
    getClientList(input: $input) { listInfo { totalCount } }
  }`,
  // The client, its sites (the HQ one carries address and phone) and the custom field definitions, at once.
  clientDetail: `query ClientDetail($client: ClientIdentifierInput!, $sites: GetClientSiteListInput!) {
    getClient(input: $client) { ...ClientParts }
    getClientSiteList(input: $sites) { sites { ...SiteParts } listInfo { ...ListInfoParts } }
    getClientCustomFieldList { ...CustomFieldParts }
  }`,
  clientCustomValues: `query ClientCustomValues($client: ClientIdentifierInput!) {
    getClient(input: $client) { accountId customFields }
    getClientCustomFieldList { ...CustomFieldParts }
  }`,
  clientName: `query ClientName($client: ClientIdentifierInput!) {
    getClient(input: $client) { accountId name }
  }`,
  customFieldDefinitions: 'query CustomFieldDefinitions { getClientCustomFieldList { ...CustomFieldParts } }',
  // The first page of a client's users, with the client's primary contact to mark.
  clientUsersOfClient: `query ClientUsersOfClient($users: GetClientUserListInput!, $client: ClientIdentifierInput!) {
    getClientUserList(input: $users) { userList { ...ClientUserParts } listInfo { ...ListInfoParts } }
    getClient(input: $client) { accountId name primaryContact }
  }`,
  clientUserPage: `query ClientUserPage($input: GetClientUserListInput!) {
    getClientUserList(input: $input) { userList { ...ClientUserParts } listInfo { ...ListInfoParts } }
  }`,
  clientUserDetail: `query ClientUserDetail($input: ClientUserIdentifierInput!) {
    getClientUser(input: $input) { ...ClientUserParts }
  }`,
  requesterRoles: 'query RequesterRoles { getRequesterRoleList { roleId name description } }',
  // What a new client user needs: the client's HQ site (for its association) and the requester roles.
  contactCreateContext: `query ContactCreateContext($sites: GetClientSiteListInput!) {
    getClientSiteList(input: $sites) { sites { id name hq } listInfo { ...ListInfoParts } }
    getRequesterRoleList { roleId name description }
  }`,
  ticketsOfClient: `query TicketsOfClient($input: ListInfoInput!) {
    getTicketList(input: $input) { tickets { ticketId displayId subject status client } listInfo { ...ListInfoParts } }
  }`,
  assetsOfClient: `query AssetsOfClient($input: ListInfoInput!) {
    getAssetList(input: $input) { assets { assetId name hostName status client } listInfo { ...ListInfoParts } }
  }`,
  clientContracts: `query ClientContracts($input: ListInfoInput) {
    getClientContractList(input: $input) {
      clientContracts { contractId client startDate endDate contractStatus contract { contractId name contractType } }
      listInfo { ...ListInfoParts }
    }
  }`,
  createClient: `mutation CreateClient($input: CreateClientInputV2!) {
    createClientV2(input: $input) { ...ClientParts }
  }`,
  updateClient: `mutation UpdateClient($input: UpdateClientInput!) {
    updateClient(input: $input) { ...ClientParts }
  }`,
  updateClientSite: `mutation UpdateClientSite($input: UpdateClientSiteInput!) {
    updateClientSite(input: $input) { ...SiteParts }
  }`,
  // To the trash, restorable for 30 days. `hardDeleteClients` (purge) is deliberately absent from this file.
  trashClient: `mutation TrashClient($input: [ClientIdentifierInput!]!) {
    softDeleteClients(input: $input)
  }`,
  restoreClient: `mutation RestoreClient($input: [ClientIdentifierInput!]!) {
    restoreClients(input: $input)
  }`,
  createClientUser: `mutation CreateClientUser($input: CreateClientUserInput!) {
    createClientUser(input: $input) { ...ClientUserParts }
  }`,
  updateClientUser: `mutation UpdateClientUser($input: UpdateClientUserInput!) {
    updateClientUser(input: $input) { ...ClientUserParts }
  }`,
  // Soft delete (DeleteUserInput.forget is left out: true would anonymise the person for good).
  deleteClientUser: `mutation DeleteClientUser($input: DeleteUserInput!) {
    deleteClientUser(input: $input)
  }`,
} as const;

export type OperationKey = keyof typeof SOURCES;

function fragmentsOf(document: DocumentNode): FragmentDefinitionNode[] {
  return document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
}

const PARSED_FRAGMENTS = Object.values(FRAGMENTS).flatMap((source) => fragmentsOf(parse(source)));
const PARSED_CUSTOM_FIELD_PARTS: Record<FieldSelection, FragmentDefinitionNode[]> = {
  introspected: fragmentsOf(parse(CUSTOM_FIELD_PARTS.introspected)),
  documented: fragmentsOf(parse(CUSTOM_FIELD_PARTS.documented)),
};

/** The fragment names a definition spreads. */
function spreadNames(node: DefinitionNode): Set<string> {
  const found = new Set<string>();
  visit(node, {
    FragmentSpread(spread) {
      found.add(spread.name.value);
    },
  });
  return found;
}

/**
 * Parses one operation (a typo fails here, at start-up), checks it is a single named query or mutation,
 * and appends exactly the fragments it spreads: documents are composed as syntax trees, never as strings.
 */
function compile(source: string, selection: FieldSelection): GraphQLOperation {
  const document = parse(source);
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const [operation] = operations;
  if (operations.length !== 1 || !operation?.name) {
    throw new Error(`a SuperOps document must hold one named operation: ${source.slice(0, 60)}`);
  }
  if (operation.operation === 'subscription') throw new Error('SuperOps has no subscriptions');
  const available = [...PARSED_FRAGMENTS, ...PARSED_CUSTOM_FIELD_PARTS[selection]];
  const used = spreadNames(operation);
  // Fragments may spread fragments: close over them until nothing new is pulled in.
  for (let grown = true; grown; ) {
    grown = false;
    for (const fragment of available) {
      if (!used.has(fragment.name.value)) continue;
      for (const name of spreadNames(fragment)) {
        if (!used.has(name)) {
          used.add(name);
          grown = true;
        }
      }
    }
  }
  const definitions: DefinitionNode[] = [operation, ...available.filter((f) => used.has(f.name.value))];
  for (const name of used) {
    if (!available.some((f) => f.name.value === name)) throw new Error(`unknown fragment ${name}`);
  }
  return {
    name: operation.name.value,
    kind: operation.operation,
    text: print({ kind: Kind.DOCUMENT, definitions }),
  };
}

function compileAll(selection: FieldSelection): Record<OperationKey, GraphQLOperation> {
  const out = {} as Record<OperationKey, GraphQLOperation>;
  for (const key of Object.keys(SOURCES) as OperationKey[]) out[key] = compile(SOURCES[key], selection);
  return out;
}

/** The operations, by how much of `CustomField` they select. */
export const OPERATIONS: Record<FieldSelection, Record<OperationKey, GraphQLOperation>> = {
  introspected: compileAll('introspected'),
  documented: compileAll('documented'),
};
