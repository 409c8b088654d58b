// SuperOps MSP GraphQL wire shapes (zod): the response envelope, the records we read, the inputs we send.
import { z } from 'zod';

const text = z.string().nullish();

/**
 * An `ID!` field. GraphQL serialises IDs as strings, but the reference's own examples print some bare
 * (`"accountId": 4`), so a number is tolerated and kept as its digits.
 */
export const WireIdSchema = z.union([z.string(), z.number()]).transform((v) => String(v));

/**
 * An id inside a JSON-scalar object (`client: {accountId, name}`). Live SuperOps has sent these as unquoted
 * numbers beyond 2^53 (RPMC-Marco/rpmc-superops-mcp live notes), which JSON.parse has already rounded: such a
 * number is not an id we can use, so it reads as undefined rather than as a wrong id.
 */
export const JsonIdSchema = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => {
    if (typeof v === 'string') return v === '' ? undefined : v;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
    return undefined;
  });

/** `{userId, name}`, `{accountId, name}`, `{id, name}`: the JSON scalars that point at another record. */
export const JsonRefSchema = z
  .object({
    accountId: JsonIdSchema.optional(),
    userId: JsonIdSchema.optional(),
    roleId: JsonIdSchema.optional(),
    id: JsonIdSchema.optional(),
    name: text,
    email: text,
  })
  .passthrough()
  .nullish()
  .catch(null);
export type JsonRef = z.infer<typeof JsonRefSchema>;

/** `errors[].extensions.clientError[]`: SuperOps' application errors, mostly at HTTP 200 (support 6632228). */
export const ClientErrorSchema = z.object({
  code: z.string(),
  // `{attributes: ["name"], index?: 1}` for validation failures, `{}` for the others.
  param: z
    .object({
      attributes: z.array(z.string()).nullish(),
      index: z.number().nullish(),
    })
    .passthrough()
    .nullish()
    .catch(null),
});
export type ClientError = z.infer<typeof ClientErrorSchema>;

export const GraphQLErrorSchema = z
  .object({
    message: text,
    path: z.array(z.union([z.string(), z.number()])).nullish(),
    extensions: z
      .object({
        clientError: z.array(ClientErrorSchema).nullish(),
        // graphql-java's classification: ValidationError, InvalidSyntax, DataFetchingException...
        classification: z.unknown().optional(),
      })
      .passthrough()
      .nullish(),
  })
  .passthrough();
export type GraphQLError = z.infer<typeof GraphQLErrorSchema>;

/** The HTTP body of every answer: `data` is checked per operation once `errors` are known to be absent. */
export const GraphQLEnvelopeSchema = z
  .object({
    data: z.unknown().optional(),
    errors: z.array(GraphQLErrorSchema).nullish(),
  })
  .passthrough();
export type GraphQLEnvelope = z.infer<typeof GraphQLEnvelopeSchema>;

// The reference types totalCount as Int but its own example sends "98": accept both.
const count = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).nullish();

export const ListInfoSchema = z
  .object({
    page: z.number().int().nullish(),
    pageSize: z.number().int().nullish(),
    // null on the last page (live-observed), false or absent elsewhere.
    hasMore: z.boolean().nullish(),
    totalCount: count,
  })
  .nullish();
export type ListInfo = z.infer<typeof ListInfoSchema>;

/** A custom value: a string for text, number, date, select...; an array for checkbox and multi-select. */
const CustomValuesSchema = z.record(z.string(), z.unknown()).nullish().catch(null);

export const ClientSchema = z.object({
  accountId: WireIdSchema,
  name: z.string(),
  stage: text,
  status: text,
  emailDomains: z.array(z.string().nullable()).nullish(),
  accountManager: JsonRefSchema.optional(),
  primaryContact: JsonRefSchema.optional(),
  secondaryContact: JsonRefSchema.optional(),
  hqSite: JsonRefSchema.optional(),
  technicianGroups: z.unknown().optional(),
  customFields: CustomValuesSchema.optional(),
});
export type WireClient = z.infer<typeof ClientSchema>;

export const SiteSchema = z.object({
  id: WireIdSchema,
  name: text,
  timezoneCode: text,
  working24x7: z.boolean().nullish(),
  line1: text,
  line2: text,
  line3: text,
  city: text,
  postalCode: text,
  countryCode: text,
  stateCode: text,
  contactNumber: text,
  hq: z.boolean().nullish(),
});
export type WireSite = z.infer<typeof SiteSchema>;

export const CustomFieldSchema = z.object({
  id: WireIdSchema.nullish(),
  columnName: z.string(),
  label: z.string(),
  description: text,
  fieldType: z.string(),
  showToClient: z.boolean().nullish(),
  // Introspected schema only (see documents.ts).
  isMandatory: z.boolean().nullish(),
  options: z.array(z.string().nullable()).nullish(),
});
export type WireCustomField = z.infer<typeof CustomFieldSchema>;

export const ClientUserSchema = z.object({
  userId: WireIdSchema,
  firstName: text,
  lastName: text,
  name: text,
  email: text,
  contactNumber: text,
  role: JsonRefSchema.optional(),
  client: JsonRefSchema.optional(),
  customFields: CustomValuesSchema.optional(),
});
export type WireClientUser = z.infer<typeof ClientUserSchema>;

export const RoleSchema = z.object({
  roleId: WireIdSchema,
  name: z.string(),
  description: text,
});
export type WireRole = z.infer<typeof RoleSchema>;

export const TicketSchema = z.object({
  ticketId: WireIdSchema,
  displayId: text,
  subject: text,
  status: text,
  client: JsonRefSchema.optional(),
});
export type WireTicket = z.infer<typeof TicketSchema>;

export const AssetSchema = z.object({
  assetId: WireIdSchema.nullish(),
  name: text,
  hostName: text,
  status: text,
  client: JsonRefSchema.optional(),
});
export type WireAsset = z.infer<typeof AssetSchema>;

export const ClientContractSchema = z.object({
  contractId: WireIdSchema.nullish(),
  client: JsonRefSchema.optional(),
  startDate: text,
  endDate: text,
  contractStatus: text,
  contract: z.object({ contractId: WireIdSchema.nullish(), name: text, contractType: text }).nullish(),
});
export type WireClientContract = z.infer<typeof ClientContractSchema>;

// Lists answer `[T]` whose items may be null: drop the nulls.
function items<T extends z.ZodType>(item: T) {
  return z
    .array(item.nullable())
    .nullish()
    .transform((list) => (list ?? []).filter((x): x is NonNullable<typeof x> => x !== null));
}

const CustomFieldListSchema = items(CustomFieldSchema);
const SiteListSchema = z.object({ sites: items(SiteSchema), listInfo: ListInfoSchema }).nullish();

// ---- `data` of each operation.

export const ClientPageDataSchema = z.object({
  getClientList: z.object({ clients: items(ClientSchema), listInfo: ListInfoSchema }),
  getClientCustomFieldList: CustomFieldListSchema,
});
export const ClientIdsDataSchema = z.object({
  getClientList: z.object({
    clients: items(z.object({ accountId: WireIdSchema })),
    listInfo: ListInfoSchema,
  }),
});
export const ClientCountDataSchema = z.object({
  getClientList: z.object({ listInfo: ListInfoSchema }),
});
export const ClientDetailDataSchema = z.object({
  getClient: ClientSchema.nullable(),
  getClientSiteList: SiteListSchema,
  getClientCustomFieldList: CustomFieldListSchema,
});
export const ClientCustomValuesDataSchema = z.object({
  getClient: z.object({ accountId: WireIdSchema, customFields: CustomValuesSchema.optional() }).nullable(),
  getClientCustomFieldList: CustomFieldListSchema,
});
export const ClientNameDataSchema = z.object({
  getClient: z.object({ accountId: WireIdSchema, name: z.string() }).nullable(),
});
export const CustomFieldDefinitionsDataSchema = z.object({ getClientCustomFieldList: CustomFieldListSchema });

const ClientUserListSchema = z.object({ userList: items(ClientUserSchema), listInfo: ListInfoSchema });
export const ClientUsersOfClientDataSchema = z.object({
  getClientUserList: ClientUserListSchema,
  getClient: z
    .object({ accountId: WireIdSchema, name: z.string(), primaryContact: JsonRefSchema.optional() })
    .nullable(),
});
export const ClientUserPageDataSchema = z.object({ getClientUserList: ClientUserListSchema });
export const ClientUserDetailDataSchema = z.object({ getClientUser: ClientUserSchema.nullable() });
export const RequesterRolesDataSchema = z.object({ getRequesterRoleList: items(RoleSchema) });
export const ContactCreateContextDataSchema = z.object({
  getClientSiteList: z
    .object({
      sites: items(z.object({ id: WireIdSchema, name: text, hq: z.boolean().nullish() })),
      listInfo: ListInfoSchema,
    })
    .nullish(),
  getRequesterRoleList: items(RoleSchema),
});
export const TicketsDataSchema = z.object({
  getTicketList: z.object({ tickets: items(TicketSchema), listInfo: ListInfoSchema }),
});
export const AssetsDataSchema = z.object({
  getAssetList: z.object({ assets: items(AssetSchema), listInfo: ListInfoSchema }),
});
export const ContractsDataSchema = z.object({
  getClientContractList: z
    .object({ clientContracts: items(ClientContractSchema), listInfo: ListInfoSchema })
    .nullish(),
});
export const CreateClientDataSchema = z.object({ createClientV2: ClientSchema.nullable() });
export const UpdateClientDataSchema = z.object({ updateClient: ClientSchema.nullable() });
export const UpdateClientSiteDataSchema = z.object({ updateClientSite: SiteSchema.nullable() });
export const TrashClientDataSchema = z.object({ softDeleteClients: z.boolean().nullable() });
export const RestoreClientDataSchema = z.object({ restoreClients: z.boolean().nullable() });
export const CreateClientUserDataSchema = z.object({ createClientUser: ClientUserSchema.nullable() });
export const UpdateClientUserDataSchema = z.object({ updateClientUser: ClientUserSchema.nullable() });
export const DeleteClientUserDataSchema = z.object({ deleteClientUser: WireIdSchema.nullable() });

// ---- Inputs, as the reference names them. Only present keys are sent; `null` clears a field.

const ref = <K extends string>(key: K) => z.object({ [key]: z.string() } as Record<K, z.ZodString>);

export const RuleConditionSchema: z.ZodType<RuleCondition> = z.lazy(() =>
  z.object({
    attribute: z.string().optional(),
    operator: z.string().optional(),
    value: z.unknown().optional(),
    joinOperator: z.enum(['AND', 'OR']).optional(),
    operands: z.array(RuleConditionSchema).optional(),
  }),
);
/** A leaf `{attribute, operator, value}` or a compound `{joinOperator, operands}` (uppercase: see mapping). */
export interface RuleCondition {
  attribute?: string | undefined;
  operator?: string | undefined;
  value?: unknown;
  joinOperator?: 'AND' | 'OR' | undefined;
  operands?: RuleCondition[] | undefined;
}

export const ListInfoInputSchema = z.object({
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1).max(100),
  condition: RuleConditionSchema.optional(),
});
export type ListInfoInput = z.infer<typeof ListInfoInputSchema>;

export const CreateClientSiteInputSchema = z.object({
  name: z.string(),
  working24x7: z.boolean(),
  timezoneCode: z.string(),
  line1: text,
  line2: text,
  city: text,
  postalCode: text,
  countryCode: text,
  stateCode: text,
});
export type CreateClientSiteInput = z.infer<typeof CreateClientSiteInputSchema>;

export const CreateClientInputSchema = z.object({
  name: z.string(),
  emailDomains: z.array(z.string()).optional(),
  hqSite: CreateClientSiteInputSchema,
});
export type CreateClientInput = z.infer<typeof CreateClientInputSchema>;

export const UpdateClientInputSchema = z.object({
  accountId: z.string(),
  name: z.string().optional(),
  emailDomains: z.array(z.string()).optional(),
  primaryContact: ref('userId').optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
});
export type UpdateClientInput = z.infer<typeof UpdateClientInputSchema>;

export const UpdateClientSiteInputSchema = z.object({
  id: z.string(),
  line1: text,
  line2: text,
  city: text,
  postalCode: text,
  countryCode: text,
  stateCode: text,
  contactNumber: text,
});
export type UpdateClientSiteInput = z.infer<typeof UpdateClientSiteInputSchema>;

export const CreateClientUserInputSchema = z.object({
  firstName: z.string(),
  lastName: text,
  email: z.string(),
  contactNumber: text,
  role: ref('roleId'),
  addAssociations: z.array(z.object({ client: ref('accountId'), site: ref('id') })),
});
export type CreateClientUserInput = z.infer<typeof CreateClientUserInputSchema>;

export const UpdateClientUserInputSchema = z.object({
  userId: z.string(),
  firstName: z.string().optional(),
  lastName: text,
  email: z.string().optional(),
  contactNumber: text,
});
export type UpdateClientUserInput = z.infer<typeof UpdateClientUserInputSchema>;
