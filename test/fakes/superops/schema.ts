// The part of SuperOps' MSP GraphQL schema the fake serves, as SDL written from the reference (not the client).
//
// Source: the official reference (developer.superops.com/msp; public copy "API Documentation - SuperOps"),
// types and arguments as printed there. Fields marked [introspected] are absent from that reference but present
// in an introspection of the live API (a graphql-codegen output); `variant: 'documented'` leaves them out, to
// play a SuperOps that has only what the reference promises. JSON is a scalar: a sub-selection on it fails
// validation, as SuperOps (graphql-java, SubSelectionNotAllowed) rejects it.
import { buildSchema, type GraphQLSchema } from 'graphql';

export type SchemaVariant = 'introspected' | 'documented';

function sdl(variant: SchemaVariant): string {
  const extra = (line: string) => (variant === 'introspected' ? line : '');
  return `
scalar JSON

enum SortOrder { ASC DESC }
enum DayOfWeek { MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY }

input SortInput {
  attribute: String
  order: SortOrder
  ${extra('emptyAtLast: Boolean')}
}
# The reference lists attribute/operator/value; its ListInfo example and the introspection add the compound form.
input RuleConditionInput {
  attribute: String
  operator: String
  value: JSON
  joinOperator: String
  operands: [RuleConditionInput!]
}
input ListInfoInput {
  page: Int
  pageSize: Int
  condition: RuleConditionInput
  sort: [SortInput]
}
type Sort { attribute: String order: SortOrder }
type ListInfo {
  page: Int
  pageSize: Int
  sort: [Sort]
  condition: JSON
  hasMore: Boolean
  totalCount: Int
}

input ClientIdentifierInput { accountId: ID! }
input ClientSiteIdentifierInput { id: ID! }
input ClientUserIdentifierInput { userId: ID! }
input TechnicianIdentifierInput { userId: ID! }
input TechnicianGroupIdentifierInput { groupId: ID! }
input HolidayListIdentifierInput { id: ID! }
input RoleIdentifierInput { roleId: ID! }

type Client {
  accountId: ID!
  name: String!
  stage: String!
  status: String
  emailDomains: [String]
  accountManager: JSON
  primaryContact: JSON
  secondaryContact: JSON
  hqSite: JSON
  technicianGroups: JSON
  customFields(fields: [String]): JSON
}
type ClientList { clients: [Client] listInfo: ListInfo }

type BusinessHour { day: DayOfWeek! start: String! end: String! }
type HolidayList { id: ID! name: String! }
type InstallerDetails { id: String installerDownloadUrl: String installerName: String os: String }
type ClientSite {
  id: ID!
  name: String!
  businessHour: [BusinessHour]
  holidayList: HolidayList
  timezoneCode: String!
  working24x7: Boolean!
  line1: String
  line2: String
  line3: String
  city: String
  postalCode: String
  countryCode: String
  stateCode: String
  contactNumber: String
  client: JSON!
  hq: Boolean
  installerInfo: [InstallerDetails]
}
type ClientSiteList { sites: [ClientSite] listInfo: ListInfo }
input GetClientSiteListInput { listInfo: ListInfoInput clientId: ID }

input CreateBusinessHourInput { day: DayOfWeek! start: String! end: String! }
input CreateClientSiteInput {
  name: String!
  working24x7: Boolean!
  businessHour: [CreateBusinessHourInput]
  holidayList: HolidayListIdentifierInput
  timezoneCode: String!
  line1: String
  line2: String
  line3: String
  city: String
  postalCode: String
  countryCode: String
  stateCode: String
  ${extra('contactNumber: String')}
  client: ClientIdentifierInput
}
input UpdateClientSiteInput {
  id: ID!
  name: String
  timezoneCode: String
  working24x7: Boolean
  businessHour: [CreateBusinessHourInput]
  holidayList: HolidayListIdentifierInput
  line1: String
  line2: String
  line3: String
  city: String
  postalCode: String
  countryCode: String
  stateCode: String
  contactNumber: String
  hq: Boolean
}
input CreateClientInputV2 {
  name: String!
  stage: String
  status: String
  emailDomains: [String]
  accountManager: TechnicianIdentifierInput
  addTechnicianGroups: [TechnicianGroupIdentifierInput]
  customFields: JSON
  hqSite: CreateClientSiteInput!
}
input UpdateClientInput {
  accountId: ID!
  name: String
  stage: String
  status: String
  emailDomains: [String]
  accountManager: TechnicianIdentifierInput
  primaryContact: ClientUserIdentifierInput
  secondaryContact: ClientUserIdentifierInput
  hqSite: ClientSiteIdentifierInput
  addTechnicianGroups: [TechnicianGroupIdentifierInput]
  deleteTechnicianGroups: [TechnicianGroupIdentifierInput]
  customFields: JSON
}

enum CustomFieldType {
  TEXT PARAGRAPH NUMERIC DECIMAL DATE DATETIME RADIO CHECKBOX SELECT MULTI_SELECT RICH_TEXT PASSWORD
  ${extra('SECURE_TEXT URL')}
}
type CustomField {
  id: ID!
  columnName: String!
  label: String!
  description: String
  fieldType: CustomFieldType!
  showToClient: Boolean!
  ${extra('isMandatory: Boolean')}
  ${extra('options: [String]')}
}

type ClientUser {
  userId: ID!
  firstName: String!
  lastName: String
  name: String!
  email: String!
  contactNumber: String
  reportingManager: JSON
  site: JSON
  role: JSON!
  client: JSON
  customFields(fields: [String]): JSON
}
type ClientUserList { userList: [ClientUser] listInfo: ListInfo }
input GetClientUserListInput { listInfo: ListInfoInput clientId: ID }
input CreateClientUserAssociationInput {
  client: ClientIdentifierInput!
  site: ClientSiteIdentifierInput!
  user: ClientUserIdentifierInput
}
input CreateClientUserInput {
  firstName: String!
  lastName: String
  email: String!
  contactNumber: String
  reportingManager: ClientUserIdentifierInput
  role: RoleIdentifierInput!
  addAssociations: [CreateClientUserAssociationInput]
  customFields: JSON
  ${extra('client: ClientIdentifierInput')}
  ${extra('site: ClientSiteIdentifierInput')}
}
input UpdateClientUserInput {
  userId: ID!
  firstName: String
  lastName: String
  email: String
  contactNumber: String
  reportingManager: ClientUserIdentifierInput
  site: ClientSiteIdentifierInput
  role: RoleIdentifierInput
  customFields: JSON
}
input DeleteUserInput { userId: ID! forget: Boolean }

type RoleType { roleTypeId: ID! name: String! }
type Feature { featureId: ID! name: String! key: String! }
type Operation { operationId: ID! name: String! }
type RoleFeature { feature: Feature! operationList: [Operation]! }
type Role {
  roleId: ID!
  name: String!
  description: String
  roleType: RoleType
  roleFeatureList: [RoleFeature]
  roleUserList: JSON
}

enum TicketType { INCIDENT SERVICE_REQUEST }
enum TicketSource { FORM AGENT EMAIL AI PHONE INTEGRATION }
type Ticket {
  ticketId: ID!
  displayId: String!
  subject: String!
  ticketType: TicketType
  requestType: String
  source: TicketSource!
  client: JSON
  site: JSON
  requester: JSON
  technician: JSON
  techGroup: JSON
  status: String
  priority: String
  createdTime: String
  updatedTime: String
  customFields(fields: [String]): JSON
}
type TicketList { tickets: [Ticket] listInfo: ListInfo }

type Asset {
  assetId: ID
  name: String!
  assetClass: JSON!
  client: JSON!
  site: JSON!
  requester: JSON!
  hostName: String
  serialNumber: String
  platform: String
  status: String
  lastCommunicatedTime: String
  customFields(fields: [String]): JSON
}
type AssetList { assets: [Asset] listInfo: ListInfo }

enum ContractType { SERVICE USAGE ONE_TIME TIME_AND_MATERIAL }
enum ClientContractStatus { DRAFT ACTIVE INACTIVE }
type Contract { contractId: ID! name: String description: String contractType: ContractType! }
type ClientContract {
  contractId: ID
  client: JSON!
  contract: Contract!
  startDate: String!
  endDate: String
  contractStatus: ClientContractStatus!
}
type ClientContractList { clientContracts: [ClientContract!] listInfo: ListInfo }

type Query {
  getClientList(input: ListInfoInput!): ClientList
  getClient(input: ClientIdentifierInput!): Client
  getClientSite(input: ClientSiteIdentifierInput!): ClientSite
  getClientSiteList(input: GetClientSiteListInput!): ClientSiteList
  getClientCustomFieldList: [CustomField]
  getClientUser(input: ClientUserIdentifierInput!): ClientUser
  getClientUserList(input: GetClientUserListInput!): ClientUserList
  getRequesterRoleList: [Role]
  getTicketList(input: ListInfoInput!): TicketList
  getAssetList(input: ListInfoInput!): AssetList
  getClientContractList(input: ListInfoInput): ClientContractList
}

type Mutation {
  createClientV2(input: CreateClientInputV2!): Client
  updateClient(input: UpdateClientInput!): Client
  updateClientSite(input: UpdateClientSiteInput!): ClientSite
  softDeleteClients(input: [ClientIdentifierInput!]!): Boolean
  restoreClients(input: [ClientIdentifierInput!]!): Boolean
  hardDeleteClients(input: [ClientIdentifierInput!]!): Boolean
  createClientUser(input: CreateClientUserInput!): ClientUser
  updateClientUser(input: UpdateClientUserInput!): ClientUser
  deleteClientUser(input: DeleteUserInput!): ID!
}
`;
}

const built = new Map<SchemaVariant, GraphQLSchema>();

/** The schema, built once per variant. */
export function superOpsSchema(variant: SchemaVariant = 'introspected'): GraphQLSchema {
  let schema = built.get(variant);
  if (!schema) {
    schema = buildSchema(sdl(variant));
    built.set(variant, schema);
  }
  return schema;
}
