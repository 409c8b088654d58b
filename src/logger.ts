// pino for the whole process, with secrets scrubbed from every log object and message before they are written.
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger } from 'pino';

export const REDACTED = '[Redacted]';

/** Keys whose values are secrets wherever they appear: Slack tokens, vendor keys, signing secrets, auth headers. */
/** A response_url posts as the app for 30 minutes, so it counts as a credential too. */
/** Autotask authenticates with `ApiIntegrationCode`, `UserName` and `Secret` headers; the user name is not secret. */
const SECRET_KEY =
  /(token|secret|password|passwd|api[-_]?key|authorization|cookie|encryption[-_]?key|client[-_]?secret|response_?urls?|integration[-_]?code)/i;
/**
 * Keys that are secrets only when they are the whole key: an OAuth `code` is exchanged for a bot token, while
 * `statusCode` or `errorCode` are not secret. An Error's own `code` (ECONNRESET, slack_webapi_platform_error)
 * names what went wrong, and is kept.
 */
const SECRET_WHOLE_KEY = /^(code|oauth[-_]?code)$/i;
const isSecretKey = (key: string) => SECRET_KEY.test(key) || SECRET_WHOLE_KEY.test(key);

/** The key names above as they appear inside JSON text; bounded, so a long hostile string costs linear time. */
const JSON_SECRET_NAME =
  '(?:[A-Za-z0-9_-]{0,40}(?:token|secret|password|passwd|api[-_]?key|authorization|cookie|client[-_]?secret|response_?urls?|integration[-_]?code)[A-Za-z0-9_-]{0,40}|code|oauth[-_]?code)';

/** Values that look like secrets even under an innocent key: Slack tokens, bearer credentials, keys in URLs. */
const SECRET_VALUES: [RegExp, string][] = [
  // JSON written into a message, as the Web API client logs a request body: {"code":"…","client_secret":"…"}.
  [new RegExp(`("${JSON_SECRET_NAME}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1"${REDACTED}"`],
  // The same JSON once more escaped, inside a JSON string: {\"client_secret\":\"…\"}.
  [
    new RegExp(`(\\\\"${JSON_SECRET_NAME}\\\\"\\s*:\\s*)\\\\"(?:[^"\\\\]|\\\\[^"])*\\\\"`, 'gi'),
    `$1\\"${REDACTED}\\"`,
  ],
  [/\bxox[abeoprs]-[A-Za-z0-9-]+/g, REDACTED],
  [/\bxapp-[A-Za-z0-9-]+/g, REDACTED],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // Query strings and form bodies: ?api_key=…, code=…&client_secret=… (an OAuth redirect, a token exchange).
  [
    /((?:^|[?&\s"'])(?:api_key|apikey|access_token|refresh_token|token|key|client_secret|secret|password|code)=)[^&\s"']+/gi,
    `$1${REDACTED}`,
  ],
  // Header lines written as text: "ApiIntegrationCode: …", "Secret: …", "X-API-KEY: …".
  [
    /(\b(?:ApiIntegrationCode|Secret|X-API-KEY|Api-Key)\s*:\s*)(?!\[Redacted\]|"\[Redacted\]")[^\s,;"'&]+/gi,
    `$1${REDACTED}`,
  ],
];

export function scrubString(value: string): string {
  let out = value;
  for (const [pattern, replacement] of SECRET_VALUES) out = out.replace(pattern, replacement);
  return out;
}

/** A deep copy of `value` with secret-named keys replaced and secret-looking strings masked. */
export function scrub(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value) || depth > 8) return '[Truncated]';
  seen.add(value);
  if (value instanceof Error) {
    const out: Record<string, unknown> = { type: value.name, message: scrubString(value.message) };
    if (value.stack) out.stack = scrubString(value.stack);
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) ? REDACTED : scrub(inner, depth + 1, seen);
    }
    if (value.cause !== undefined) out.cause = scrub(value.cause, depth + 1, seen);
    return out;
  }
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1, seen));
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] =
      isSecretKey(key) && inner !== null && inner !== undefined && inner !== ''
        ? REDACTED
        : scrub(inner, depth + 1, seen);
  }
  return out;
}

export interface LoggerSettings {
  level: string;
  pretty?: boolean;
  /** Where lines go; tests pass a memory stream. Defaults to stdout. */
  destination?: DestinationStream;
}

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      bindings: (bindings) => scrub(bindings) as Record<string, unknown>,
      log: (object) => scrub(object) as Record<string, unknown>,
    },
    hooks: {
      // Messages are scrubbed too: libraries (Bolt, the Web API client) log free text that can carry a URL or token.
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? scrubString(arg) : arg)) as Parameters<typeof method>,
        );
      },
    },
  };
  if (settings.destination) return pino(options, settings.destination);
  if (settings.pretty) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } },
    });
  }
  return pino(options);
}
