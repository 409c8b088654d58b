// The settings mistakes that would quietly start the playground (an admin page with no login) where the operator
// meant the real bot: a mistyped Slack variable, or a production process with a real vendor and no Slack at all.
import { type Config, SETTING_NAMES } from '../config.js';

const SLACK_SETTINGS = SETTING_NAMES.filter((name) => name.startsWith('SLACK_'));

/** Edit distance, to name the setting a typo most likely meant. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? Math.max(a.length, b.length);
}

/**
 * One line per SLACK_* variable that is set but is no setting of this bot (SLACK_BOT_TOKN): without this, a typo
 * in the token's name leaves no Slack credentials, and the process opens the playground instead.
 */
export function unknownSlackSettings(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith('SLACK_') && !SLACK_SETTINGS.includes(name) && env[name]?.trim())
    .sort()
    .map((name) => {
      const nearest = [...SLACK_SETTINGS].sort((a, b) => distance(name, a) - distance(name, b))[0];
      const hint = nearest && distance(name, nearest) <= 3 ? ` (did you mean ${nearest}?)` : '';
      return `${name} is not a setting of this bot${hint}: fix its name, or unset it`;
    });
}

/**
 * The line that stops a production process from falling back to the playground with a real vendor: there it
 * would serve that vendor's data to whoever reaches the page, where Slack credentials were surely meant.
 */
export function productionPlaygroundRefusal(config: Config, nodeEnv: string | undefined): string | undefined {
  if (nodeEnv !== 'production' || config.slack.kind !== 'unconfigured' || config.vendor.vendor === 'sandbox')
    return undefined;
  return `SLACK_BOT_TOKEN is missing: NODE_ENV=production with VENDOR=${config.vendor.vendor} and no Slack credentials would open the playground on real data; set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or the SLACK_CLIENT_* settings for OAuth), or unset NODE_ENV to try the playground on this machine`;
}
