// Text helpers for Block Kit: escaping for mrkdwn and truncating gracefully, so vendor text is always inert.
import type { MrkdwnElement, PlainTextElement } from '@slack/types';

/**
 * Escapes the three characters Slack's mrkdwn gives meaning to, so a customer named `<!channel>` pings no one
 * and `<https://x|click>` links nowhere.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Shortens to at most `max` characters, ending in an ellipsis, on a word boundary where one is near. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.8 ? cut.slice(0, space) : cut}…`;
}

/** Escapes, then truncates without cutting an entity like `&amp;` in half. */
export function safeText(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  let out = truncate(escaped, max);
  const amp = out.lastIndexOf('&');
  if (amp !== -1 && !out.slice(amp).includes(';')) out = `${out.slice(0, amp)}…`;
  return out;
}

export function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text };
}

/** Plain text is not parsed for mentions, but it still has a length limit. */
export function plain(text: string, max = 3000): PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

/** A Slack mention of a user, safe because ids never contain mrkdwn characters. */
export function userMention(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/** A date in the reader's own time zone and words, via Slack's date formatting. */
export function slackDate(iso: string | null | undefined, fallback = 'unknown'): string {
  if (!iso) return fallback;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return fallback;
  const seconds = Math.floor(ms / 1000);
  const plainDate = new Date(ms).toISOString().slice(0, 10);
  return `<!date^${seconds}^{date_short_pretty} at {time}|${plainDate}>`;
}
