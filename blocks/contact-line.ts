// One contact as a line of mrkdwn: name, title, email and phone, primary marked.
import type { Contact } from '../src/domain/index.js';
import { safeText } from './mrkdwn.js';

export function contactLine(contact: Contact): string {
  const parts = [
    `${contact.isPrimary ? '★ ' : '• '}*${safeText(contact.fullName, 80)}*`,
    contact.title ? safeText(contact.title, 60) : undefined,
    contact.email ? safeText(contact.email, 80) : undefined,
    contact.phone ? safeText(contact.phone, 30) : undefined,
    !contact.phone && contact.mobile ? safeText(contact.mobile, 30) : undefined,
  ].filter(Boolean);
  return parts.join(' · ');
}
