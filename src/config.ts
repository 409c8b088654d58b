// Reads the environment once into one typed Config; every bad variable becomes one line that names it.
import { z } from 'zod';
import { VENDOR_NAMES, type VendorName } from './vendors/types.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A variable that is unset or blank counts as unset, so `FOO=` in a .env file does not mean "empty string". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const port = z.coerce
  .number({ error: 'a port number from 0 to 65535' })
  .int('a whole port number from 0 to 65535')
  .min(0, 'a port number from 0 to 65535')
  .max(65535, 'a port number from 0 to 65535');
const positiveInt = (what: string) =>
  z.coerce
    .number({ error: `a positive whole number (${what})` })
    .int(`a whole number (${what})`)
    .positive(what);
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });
const prefixed = (prefix: string, what: string) =>
  z
    .string()
    .startsWith(prefix, `${what} starting with "${prefix}"`)
    .min(prefix.length + 4, `a full ${what}`);

const EnvSchema = z.object({
  PORT: optional(port),
  HOST: optional(z.string()),
  PLAYGROUND_ALLOWED_HOSTS: optional(
    z
      .string()
      .regex(
        /^\s*(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:\s*,\s*(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?)*\s*$/,
        'comma-separated host names the playground may be opened by, like "devbox.lan" or "devbox.lan:3000"',
      ),
  ),
  SLACK_SIGNING_SECRET: optional(
    z.string().min(8, 'the signing secret from the Slack app page (Basic Information)'),
  ),
  SLACK_BOT_TOKEN: optional(prefixed('xoxb-', 'bot token')),
  SLACK_CLIENT_ID: optional(z.string()),
  SLACK_CLIENT_SECRET: optional(z.string()),
  SLACK_STATE_SECRET: optional(z.string().min(16, 'at least 16 random characters')),
  SLACK_APP_TOKEN: optional(prefixed('xapp-', 'app-level token')),
  SLACK_API_URL: optional(httpUrl),
  VENDOR: optional(z.enum(VENDOR_NAMES, { error: `one of ${VENDOR_NAMES.join(', ')}` })),
  ATERA_API_KEY: optional(z.string()),
  ATERA_BASE_URL: optional(httpUrl),
  SYNCRO_API_KEY: optional(z.string()),
  SYNCRO_SUBDOMAIN: optional(z.string().regex(/^[a-z0-9-]+$/i, 'your Syncro subdomain, e.g. "acme-it"')),
  SYNCRO_BASE_URL: optional(httpUrl),
  AUTOTASK_USERNAME: optional(z.string().min(3, 'the API-only user name (an email)')),
  AUTOTASK_SECRET: optional(z.string()),
  AUTOTASK_INTEGRATION_CODE: optional(z.string()),
  AUTOTASK_BASE_URL: optional(httpUrl),
  AUTOTASK_ZONE_URL: optional(httpUrl),
  SUPEROPS_API_TOKEN: optional(z.string()),
  SUPEROPS_SUBDOMAIN: optional(
    z.string().regex(/^[a-z0-9-]+$/i, 'your SuperOps subdomain (Settings > MSP Information)'),
  ),
  SUPEROPS_API_URL: optional(httpUrl),
  VENDOR_RATE_LIMIT_PER_MINUTE: optional(positiveInt('requests per minute')),
  VENDOR_TIMEOUT_SECONDS: optional(positiveInt('seconds')),
  DATA_DIR: optional(z.string()),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')),
  REDIS_URL: optional(z.string().regex(/^rediss?:\/\/[^/\s]+/, 'a redis:// or rediss:// URL')),
  REDIS_KEY_PREFIX: optional(
    z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'up to 64 letters, digits or : _ . - (e.g. "msp-desk:")'),
  ),
  ENCRYPTION_KEY: optional(
    z
      .string()
      .refine(
        (v) => Buffer.from(v, 'base64').length === 32,
        'base64 of exactly 32 bytes (openssl rand -base64 32)',
      ),
  ),
  ADMIN_USER_IDS: optional(
    z
      .string()
      .regex(
        /^\s*(?:[TE][A-Z0-9]+:)?[UW][A-Z0-9]+(\s*,\s*(?:[TE][A-Z0-9]+:)?[UW][A-Z0-9]+)*\s*$/,
        'comma-separated Slack user ids like U012ABC (in OAuth mode with their team: T012ABC:U012ABC)',
      ),
  ),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(', ')}` })),
  INDEX_TTL_SECONDS: optional(positiveInt('seconds')),
  INDEX_MEMORY_MB: optional(positiveInt('megabytes')),
  INDEX_WORKSPACE_MEMORY_MB: optional(positiveInt('megabytes')),
  INDEX_REFRESH_SECONDS: optional(positiveInt('seconds')),
  INDEX_RECONCILE_SECONDS: optional(positiveInt('seconds')),
  QUEUE_MAX_PENDING: optional(positiveInt('jobs')),
  QUEUE_MAX_WAIT_SECONDS: optional(positiveInt('seconds')),
  QUEUE_CONCURRENCY: optional(positiveInt('jobs')),
  DELETE_CONFIRM_TTL_MINUTES: optional(positiveInt('minutes')),
  ARCHIVE_RETENTION_DAYS: optional(positiveInt('days')),
  AUDIT_CHANNEL_ID: optional(z.string().regex(/^[CG][A-Z0-9]+$/, 'a Slack channel id like C012ABC')),
  SHUTDOWN_TIMEOUT_SECONDS: optional(positiveInt('seconds')),
  NODE_ENV: optional(z.string()),
});

export type VendorConnection =
  | { vendor: 'atera'; apiKey: string; baseUrl: string }
  | { vendor: 'syncro'; apiKey: string; baseUrl: string }
  | {
      vendor: 'autotask';
      /** The API-only user's username (an email). */
      username: string;
      secret: string;
      integrationCode: string;
      /** Where zone discovery is asked (https://webservices.autotask.net). */
      baseUrl: string;
      /** The zone's REST base (`.../ATServicesRest/`), skipping discovery, when known. */
      zoneUrl?: string | undefined;
    }
  | {
      vendor: 'superops';
      apiToken: string;
      /** The `CustomerSubDomain` header. */
      subdomain: string;
      /** https://api.superops.ai/msp (US) or https://euapi.superops.ai/msp (EU). */
      apiUrl: string;
    }
  | { vendor: 'sandbox' };

/** A connection to a real vendor (one with credentials). */
export type RealConnection = Exclude<VendorConnection, { vendor: 'sandbox' }>;

export const AUTOTASK_DEFAULT_BASE_URL = 'https://webservices.autotask.net';
export const SUPEROPS_API_URLS = {
  us: 'https://api.superops.ai/msp',
  eu: 'https://euapi.superops.ai/msp',
} as const;

/** The secret parts of a connection, for redaction and for the key hint; never shown whole. */
export function connectionSecrets(connection: VendorConnection): string[] {
  switch (connection.vendor) {
    case 'atera':
    case 'syncro':
      return [connection.apiKey];
    case 'autotask':
      return [connection.secret, connection.integrationCode];
    case 'superops':
      return [connection.apiToken];
    case 'sandbox':
      return [];
  }
}

export type SlackMode =
  /** One workspace, tokens from the environment. */
  | { kind: 'single'; botToken: string; signingSecret: string | undefined }
  /** Many workspaces installed through OAuth. */
  | {
      kind: 'oauth';
      clientId: string;
      clientSecret: string;
      stateSecret: string;
      signingSecret: string | undefined;
    }
  /** No Slack credentials at all. */
  | { kind: 'unconfigured' };

export interface Config {
  port: number;
  host: string;
  /**
   * Host names (optionally with a port) the playground page answers besides localhost, 127.0.0.1 and [::1]:
   * any other Host header is refused, which is what stops DNS rebinding.
   */
  playgroundAllowedHosts: string[];
  slack: SlackMode;
  /** Socket Mode app-level token, when set (development). */
  appToken: string | undefined;
  slackApiUrl: string;
  /** The vendor connection of single-workspace mode (and the default for the playground). */
  vendor: VendorConnection;
  /**
   * Where a workspace's connection made in the Home tab points (OAuth mode); syncro undefined = by subdomain;
   * superops undefined = the US or EU endpoint the admin chooses.
   */
  vendorBaseUrls: {
    atera: string;
    syncro: string | undefined;
    autotask: string;
    autotaskZone: string | undefined;
    superops: string | undefined;
  };
  vendorRateLimitPerMinute: number | undefined;
  /** How long one vendor request may take (connect, headers, body) before it counts as a timeout. */
  vendorTimeoutMs: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /**
   * Distributed mode (several replicas): the shared vendor rate limit and the replicas' pub/sub bus live in
   * this Redis, under `keyPrefix`. Undefined: one process, nothing shared but the store.
   */
  redis: { url: string; keyPrefix: string } | undefined;
  encryptionKey: Buffer | undefined;
  adminUserIds: string[];
  logLevel: (typeof LOG_LEVELS)[number];
  prettyLogs: boolean;
  indexTtlMs: number;
  indexMemoryBytes: number;
  /** One workspace's share of indexMemoryBytes: past it that workspace's index stops growing (partial). */
  indexWorkspaceMemoryBytes: number;
  /** Incremental refresh period, where the vendor can say what changed (else indexTtlMs re-reads it whole). */
  indexRefreshMs: number;
  /** How often a count checks for deletions made in the vendor's own app. */
  indexReconcileMs: number;
  /** A hard memory bound on a workspace's waiting jobs, far above what the time bound lets in. */
  queueMaxPending: number;
  /** A job expected to wait longer than this is refused as busy. */
  queueMaxWaitMs: number;
  queueConcurrency: number;
  deleteConfirmTtlMs: number;
  /** How long the archive kept before a delete (or an export) stays in the store. */
  archiveRetentionMs: number;
  auditChannelId: string | undefined;
  shutdownTimeoutMs: number;
}

/** Every variable this bot reads, so a mistyped one (SLACK_BOT_TOKN) can be named rather than ignored. */
export const SETTING_NAMES: readonly string[] = Object.keys(EnvSchema.shape);

/** Startup cannot go on; `problems` holds one line per bad or missing variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Parses the environment. Throws ConfigError listing every problem at once, never a stack trace's worth. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { isTTY?: boolean } = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        return `${name} is invalid: expected ${issue.message.replace(/^Invalid input: /, '')}`;
      }),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const httpMode = !e.SLACK_APP_TOKEN;

  let slack: SlackMode = { kind: 'unconfigured' };
  const oauthVars = [e.SLACK_CLIENT_ID, e.SLACK_CLIENT_SECRET, e.SLACK_STATE_SECRET];
  if (oauthVars.some(Boolean)) {
    const missing = (['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const).filter(
      (k) => !e[k],
    );
    for (const name of missing)
      problems.push(
        `${name} is missing: OAuth mode needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together`,
      );
    if (e.SLACK_BOT_TOKEN)
      problems.push(
        'SLACK_BOT_TOKEN is set together with OAuth settings: choose one mode (unset SLACK_BOT_TOKEN for many workspaces)',
      );
    if (e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET) {
      slack = {
        kind: 'oauth',
        clientId: e.SLACK_CLIENT_ID,
        clientSecret: e.SLACK_CLIENT_SECRET,
        stateSecret: e.SLACK_STATE_SECRET,
        signingSecret: e.SLACK_SIGNING_SECRET,
      };
    }
  } else if (e.SLACK_BOT_TOKEN) {
    slack = { kind: 'single', botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET };
  }
  if (slack.kind !== 'unconfigured' && httpMode && !e.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_SIGNING_SECRET is missing: HTTP mode needs it to verify requests (Slack app page, Basic Information)',
    );
  }
  if (e.SLACK_APP_TOKEN && slack.kind === 'unconfigured') {
    problems.push('SLACK_BOT_TOKEN is missing: Socket Mode (SLACK_APP_TOKEN) also needs the bot token');
  }

  const vendorName: VendorName =
    e.VENDOR ??
    (e.ATERA_API_KEY
      ? 'atera'
      : e.SYNCRO_API_KEY
        ? 'syncro'
        : e.AUTOTASK_SECRET
          ? 'autotask'
          : e.SUPEROPS_API_TOKEN
            ? 'superops'
            : 'sandbox');
  let vendor: VendorConnection = { vendor: 'sandbox' };
  if (vendorName === 'atera') {
    if (!e.ATERA_API_KEY)
      problems.push('ATERA_API_KEY is missing: VENDOR=atera needs the API key (Atera: Admin > API)');
    else
      vendor = {
        vendor: 'atera',
        apiKey: e.ATERA_API_KEY,
        baseUrl: e.ATERA_BASE_URL ?? 'https://app.atera.com',
      };
  } else if (vendorName === 'syncro') {
    if (!e.SYNCRO_API_KEY)
      problems.push(
        'SYNCRO_API_KEY is missing: VENDOR=syncro needs an API token (Syncro: Admin > API Tokens)',
      );
    const baseUrl =
      e.SYNCRO_BASE_URL ?? (e.SYNCRO_SUBDOMAIN ? `https://${e.SYNCRO_SUBDOMAIN}.syncromsp.com` : undefined);
    if (!baseUrl)
      problems.push(
        'SYNCRO_SUBDOMAIN is missing: VENDOR=syncro needs your subdomain (the "acme" of acme.syncromsp.com)',
      );
    if (e.SYNCRO_API_KEY && baseUrl) vendor = { vendor: 'syncro', apiKey: e.SYNCRO_API_KEY, baseUrl };
  } else if (vendorName === 'autotask') {
    const where = 'Autotask: Admin > Resources (Users) > the API-only user';
    if (!e.AUTOTASK_USERNAME)
      problems.push(
        `AUTOTASK_USERNAME is missing: VENDOR=autotask needs the API-only user's username (${where})`,
      );
    if (!e.AUTOTASK_SECRET)
      problems.push(`AUTOTASK_SECRET is missing: VENDOR=autotask needs the API user's secret (${where})`);
    if (!e.AUTOTASK_INTEGRATION_CODE)
      problems.push(
        `AUTOTASK_INTEGRATION_CODE is missing: VENDOR=autotask needs the API tracking identifier (${where}, Security tab)`,
      );
    if (e.AUTOTASK_USERNAME && e.AUTOTASK_SECRET && e.AUTOTASK_INTEGRATION_CODE)
      vendor = {
        vendor: 'autotask',
        username: e.AUTOTASK_USERNAME,
        secret: e.AUTOTASK_SECRET,
        integrationCode: e.AUTOTASK_INTEGRATION_CODE,
        baseUrl: e.AUTOTASK_BASE_URL ?? AUTOTASK_DEFAULT_BASE_URL,
        zoneUrl: e.AUTOTASK_ZONE_URL,
      };
  } else if (vendorName === 'superops') {
    if (!e.SUPEROPS_API_TOKEN)
      problems.push(
        'SUPEROPS_API_TOKEN is missing: VENDOR=superops needs an API token (SuperOps: Settings > API Token)',
      );
    if (!e.SUPEROPS_SUBDOMAIN)
      problems.push(
        'SUPEROPS_SUBDOMAIN is missing: VENDOR=superops needs your subdomain (SuperOps: Settings > MSP Information)',
      );
    if (e.SUPEROPS_API_TOKEN && e.SUPEROPS_SUBDOMAIN)
      vendor = {
        vendor: 'superops',
        apiToken: e.SUPEROPS_API_TOKEN,
        subdomain: e.SUPEROPS_SUBDOMAIN,
        apiUrl: e.SUPEROPS_API_URL ?? SUPEROPS_API_URLS.us,
      };
  }

  if (slack.kind === 'oauth' && e.ADMIN_USER_IDS?.split(',').some((id) => !id.includes(':')))
    problems.push(
      'ADMIN_USER_IDS is invalid: with many workspaces (OAuth) each admin must name its team, like T012ABC:U012ABC, so no id is an admin of every workspace',
    );

  if (e.DATABASE_URL && !e.ENCRYPTION_KEY)
    problems.push(
      'ENCRYPTION_KEY is missing: with DATABASE_URL (PostgreSQL) every replica needs the same key (openssl rand -base64 32)',
    );

  if (e.REDIS_URL && !e.DATABASE_URL)
    problems.push(
      'DATABASE_URL is missing: REDIS_URL (several replicas) needs PostgreSQL, so every replica shares installations, pending deletes and onboarding keys',
    );

  if (problems.length > 0) throw new ConfigError(problems);

  const apiUrl = e.SLACK_API_URL ?? 'https://slack.com/api/';
  return {
    port: e.PORT ?? 3000,
    host: e.HOST ?? '0.0.0.0',
    playgroundAllowedHosts: (e.PLAYGROUND_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    slack,
    appToken: e.SLACK_APP_TOKEN,
    slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    vendor,
    vendorBaseUrls: {
      atera: e.ATERA_BASE_URL ?? 'https://app.atera.com',
      syncro: e.SYNCRO_BASE_URL,
      autotask: e.AUTOTASK_BASE_URL ?? AUTOTASK_DEFAULT_BASE_URL,
      autotaskZone: e.AUTOTASK_ZONE_URL,
      superops: e.SUPEROPS_API_URL,
    },
    vendorRateLimitPerMinute: e.VENDOR_RATE_LIMIT_PER_MINUTE,
    vendorTimeoutMs: (e.VENDOR_TIMEOUT_SECONDS ?? 10) * 1000,
    dataDir: e.DATA_DIR ?? './data',
    databaseUrl: e.DATABASE_URL,
    redis: e.REDIS_URL ? { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX ?? 'msp-desk:' } : undefined,
    encryptionKey: e.ENCRYPTION_KEY ? Buffer.from(e.ENCRYPTION_KEY, 'base64') : undefined,
    adminUserIds: e.ADMIN_USER_IDS ? e.ADMIN_USER_IDS.split(',').map((s) => s.trim()) : [],
    logLevel: e.LOG_LEVEL ?? 'info',
    prettyLogs: (options.isTTY ?? process.stdout.isTTY === true) && e.NODE_ENV !== 'production',
    indexTtlMs: (e.INDEX_TTL_SECONDS ?? 600) * 1000,
    indexMemoryBytes: (e.INDEX_MEMORY_MB ?? 512) * 1024 * 1024,
    indexWorkspaceMemoryBytes:
      Math.min(e.INDEX_WORKSPACE_MEMORY_MB ?? (e.INDEX_MEMORY_MB ?? 512) / 2, e.INDEX_MEMORY_MB ?? 512) *
      1024 *
      1024,
    indexRefreshMs: (e.INDEX_REFRESH_SECONDS ?? 60) * 1000,
    indexReconcileMs: (e.INDEX_RECONCILE_SECONDS ?? 900) * 1000,
    queueMaxPending: e.QUEUE_MAX_PENDING ?? 5000,
    queueMaxWaitMs: (e.QUEUE_MAX_WAIT_SECONDS ?? 60) * 1000,
    queueConcurrency: e.QUEUE_CONCURRENCY ?? 4,
    deleteConfirmTtlMs: (e.DELETE_CONFIRM_TTL_MINUTES ?? 10) * 60_000,
    archiveRetentionMs: (e.ARCHIVE_RETENTION_DAYS ?? 30) * 86_400_000,
    auditChannelId: e.AUDIT_CHANNEL_ID,
    shutdownTimeoutMs: (e.SHUTDOWN_TIMEOUT_SECONDS ?? 10) * 1000,
  };
}
