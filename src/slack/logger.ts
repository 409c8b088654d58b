// Bolt's Logger interface (an adapter Bolt asks for) over our pino logger, so Bolt's and every Web API client's
// lines get the same redaction as ours.
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../logger.js';

const toPino: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Bolt and every Web API client log through this, so their lines get the same redaction as ours. */
export function slackLogger(logger: Logger): SlackLogger {
  let child = logger.child({ component: 'slack' });
  const write = (level: 'debug' | 'info' | 'warn' | 'error', parts: unknown[]) => {
    const objects = parts.filter((p) => typeof p === 'object' && p !== null);
    const text = parts
      .filter((p) => typeof p !== 'object' || p === null)
      .map(String)
      .join(' ');
    if (objects.length > 0) child[level]({ detail: objects.length === 1 ? objects[0] : objects }, text);
    else child[level](text);
  };
  return {
    debug: (...msg) => write('debug', msg),
    info: (...msg) => write('info', msg),
    warn: (...msg) => write('warn', msg),
    error: (...msg) => write('error', msg),
    setLevel: (level) => {
      child.level = toPino[level];
    },
    getLevel: () => {
      const entry = Object.entries(toPino).find(([, v]) => v === child.level);
      return (entry?.[0] as LogLevel | undefined) ?? LogLevel.INFO;
    },
    setName: (name) => {
      child = logger.child({ component: name });
    },
  };
}
