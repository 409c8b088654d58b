// The App Home tab: the workspace's vendor connection, its index, and (for admins) Connect and role settings.
import type { HomeView, KnownBlock } from '@slack/types';
import { mrkdwn, plain, safeText, userMention } from './mrkdwn.js';

export const HOME_ACTIONS = {
  connect: 'home_connect',
  roleSettings: 'home_role_settings',
} as const;

export type HomeConnection =
  /** Single-workspace mode: the environment decides, the Home tab only reports. */
  | { kind: 'environment'; vendorLabel: string }
  | {
      kind: 'stored';
      vendorLabel: string;
      accountName: string | null;
      keyHint: string;
      connectedBy: string | null;
      /** Who the key acts as and where, as the vendor said when it was tested. */
      user?: string | undefined;
      region?: string | undefined;
      permissions?: { read: boolean; write: boolean; delete: boolean } | undefined;
      /** Epoch milliseconds of the last call the vendor answered (the key test at least). */
      lastOkAt: number | null;
    }
  | { kind: 'none' };

type GroupRole = 'editor' | 'viewer' | 'none';

export interface HomeRoleSettings {
  editorsMayDelete: boolean;
  defaultRole: GroupRole;
  guestRole: GroupRole;
  workflowRole: GroupRole;
  unfurlCustomFields: boolean;
  duplicatesReportChannel: string | null;
  /** Users made admins in these settings (besides Slack owners/admins and ADMIN_USER_IDS). */
  admins: readonly string[];
}

export interface HomeInput {
  connection: HomeConnection;
  /** The customer index in memory, if one has been built. */
  index: { customers: number; contacts: number; state: string } | undefined;
  isAdmin: boolean;
  settings: HomeRoleSettings;
}

const ROLE_WORDS = {
  editor: 'Editor (look up, create, edit)',
  viewer: 'Viewer (look up only)',
  none: 'No access',
} as const;

/** A time in the reader's own zone and words. */
function when(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `<!date^${seconds}^{date_short_pretty} at {time}|${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC>`;
}

function connectionBlocks(input: HomeInput): KnownBlock[] {
  const c = input.connection;
  const index = input.index
    ? `${input.index.customers.toLocaleString('en-US')} customers and ${input.index.contacts.toLocaleString('en-US')} contacts in the search index (${safeText(input.index.state, 40)})`
    : 'The search index is built at the first lookup.';
  if (c.kind === 'environment') {
    return [
      {
        type: 'section',
        text: mrkdwn(`*${safeText(c.vendorLabel, 80)}*: configured by environment.`),
      },
      { type: 'context', elements: [mrkdwn(`${index}. The server’s settings choose the vendor and key.`)] },
    ];
  }
  if (c.kind === 'none') {
    return [
      {
        type: 'section',
        text: mrkdwn(
          input.isAdmin
            ? 'Not connected yet. Connect Atera, Syncro, Autotask or SuperOps so your team can look up and manage customers from Slack.'
            : 'Not connected yet. A workspace admin can connect Atera, Syncro, Autotask or SuperOps here.',
        ),
      },
    ];
  }
  const facts = [
    `*Vendor*\n${safeText(c.vendorLabel, 80)}`,
    `*Account*\n${c.accountName ? safeText(c.accountName, 150) : 'unknown'}`,
    `*API key*\nending ${safeText(c.keyHint, 10)}`,
    `*Last successful call*\n${c.lastOkAt ? when(c.lastOkAt) : 'none yet'}`,
    ...(c.user ? [`*API user*\n${safeText(c.user, 150)}`] : []),
    ...(c.region ? [`*Region*\n${safeText(c.region, 80)}`] : []),
  ];
  const p = c.permissions;
  const denied = p ? (['read', 'write', 'delete'] as const).filter((k) => !p[k]) : [];
  if (denied.length > 0)
    facts.push(`*The key may not*\n${denied.map((d) => (d === 'write' ? 'create or edit' : d)).join(', ')}`);
  return [
    { type: 'section', fields: facts.map((f) => mrkdwn(f)) },
    {
      type: 'context',
      elements: [mrkdwn(`${index}.${c.connectedBy ? ` Connected by ${userMention(c.connectedBy)}.` : ''}`)],
    },
  ];
}

function settingsBlocks(input: HomeInput): KnownBlock[] {
  const s = input.settings;
  const shown = s.admins.slice(0, 50).map(userMention).join(', ');
  const more = s.admins.length > 50 ? ` and ${s.admins.length - 50} more` : '';
  const admins = s.admins.length > 0 ? `${shown}${more}` : 'none';
  return [
    { type: 'header', text: plain('Roles', 150) },
    {
      type: 'section',
      fields: [
        mrkdwn(`*Who may delete*\n${s.editorsMayDelete ? 'Admins and editors' : 'Admins only'}`),
        mrkdwn(`*Everyone else*\n${ROLE_WORDS[s.defaultRole]}`),
        mrkdwn(`*Guests and other organisations*\n${ROLE_WORDS[s.guestRole]}`),
        mrkdwn(`*Workflows act as*\n${ROLE_WORDS[s.workflowRole]}`),
        mrkdwn(`*Extra admins*\n${admins}`),
        mrkdwn(
          `*Link unfurls*\n${s.unfurlCustomFields ? 'Card fields and custom fields' : 'What a shared card shows'}`,
        ),
        mrkdwn(
          `*Duplicates report*\n${s.duplicatesReportChannel && /^[CG][A-Z0-9]+$/.test(s.duplicatesReportChannel) ? `Weekly in <#${s.duplicatesReportChannel}>` : 'Off'}`,
        ),
      ],
    },
    {
      type: 'context',
      elements: [mrkdwn('Slack workspace owners and admins are always admins of the bot.')],
    },
  ];
}

/** The Home tab of someone the bot refuses everything: why, and whom to ask (the refusal is mrkdwn already). */
export function refusedHomeView(refusal: string): HomeView {
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: plain('MSP Desk', 150) },
      { type: 'section', text: mrkdwn(`:no_entry: ${refusal}`) },
    ],
  };
}

export function homeView(input: HomeInput): HomeView {
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain('MSP Desk', 150) },
    { type: 'section', text: mrkdwn('*PSA/RMM connection*') },
    ...connectionBlocks(input),
  ];
  if (input.isAdmin && input.connection.kind !== 'environment') {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: HOME_ACTIONS.connect,
          text: plain(input.connection.kind === 'none' ? 'Connect' : 'Reconnect', 75),
          ...(input.connection.kind === 'none' ? { style: 'primary' as const } : {}),
        },
      ],
    });
  }
  blocks.push({ type: 'divider' }, ...settingsBlocks(input));
  if (input.isAdmin) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: HOME_ACTIONS.roleSettings,
          text: plain('Change roles and settings', 75),
        },
      ],
    });
  } else {
    blocks.push({ type: 'context', elements: [mrkdwn('Only admins can change the connection and roles.')] });
  }
  return { type: 'home', blocks };
}
