// The settings modal of the Home tab: who may delete, extra admins, everyone else's role, guests' and workflows'
// roles, what unfurls show, and where the weekly duplicates report goes.
import type { ModalView } from '@slack/types';
import { VALUE } from './form.js';
import type { HomeRoleSettings } from './home.js';
import { mrkdwn, plain } from './mrkdwn.js';

export const ROLES_CALLBACK = 'home_roles';

export const ROLES_BLOCKS = {
  deleters: 'roles_deleters',
  admins: 'roles_admins',
  defaultRole: 'roles_default',
  guestRole: 'roles_guests',
  workflowRole: 'roles_workflows',
  unfurlCustomFields: 'roles_unfurl_fields',
  duplicatesChannel: 'roles_duplicates_channel',
} as const;

const DELETERS = [
  { value: 'admins', label: 'Admins only' },
  { value: 'editors', label: 'Admins and editors' },
] as const;
export const GROUP_ROLES = [
  { value: 'editor', label: 'Editor: look up, create and edit' },
  { value: 'viewer', label: 'Viewer: look up only' },
  { value: 'none', label: 'No access' },
] as const;
const WORKFLOW_ROLES = [
  { value: 'editor', label: 'Editor: may look up, create and add contacts' },
  { value: 'viewer', label: 'Viewer: may only look up' },
  { value: 'none', label: 'No access: workflows must name an acting user' },
] as const;

const option = (o: { value: string; label: string }) => ({ text: plain(o.label, 75), value: o.value });

function roleInput(
  blockId: string,
  label: string,
  roles: readonly { value: string; label: string }[],
  current: string,
  hint?: string,
) {
  const initial = roles.find((r) => r.value === current) ?? roles[0];
  return {
    type: 'input' as const,
    block_id: blockId,
    label: plain(label, 2000),
    ...(hint ? { hint: plain(hint, 2000) } : {}),
    element: {
      type: 'radio_buttons' as const,
      action_id: VALUE,
      options: roles.map(option),
      ...(initial ? { initial_option: option(initial) } : {}),
    },
  };
}

export function rolesModal(settings: HomeRoleSettings): ModalView {
  const deleters = DELETERS[settings.editorsMayDelete ? 1 : 0];
  const unfurl = { text: plain('Show custom fields in link unfurls', 75), value: 'yes' };
  return {
    type: 'modal',
    callback_id: ROLES_CALLBACK,
    title: plain('Roles and settings', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks: [
      {
        type: 'input',
        block_id: ROLES_BLOCKS.deleters,
        label: plain('Who may delete customers and contacts', 2000),
        element: {
          type: 'radio_buttons',
          action_id: VALUE,
          options: DELETERS.map(option),
          initial_option: option(deleters),
        },
      },
      {
        type: 'input',
        block_id: ROLES_BLOCKS.admins,
        optional: true,
        label: plain('Extra admins', 2000),
        hint: plain('Slack workspace owners and admins are always admins of the bot.', 2000),
        element: {
          type: 'multi_users_select',
          action_id: VALUE,
          ...(settings.admins.length > 0 ? { initial_users: settings.admins.slice(0, 100) } : {}),
          placeholder: plain('Choose people', 150),
        },
      },
      roleInput(ROLES_BLOCKS.defaultRole, 'Everyone else', GROUP_ROLES, settings.defaultRole),
      roleInput(
        ROLES_BLOCKS.guestRole,
        'Guests and people from other organisations',
        GROUP_ROLES,
        settings.guestRole,
        'Client staff in shared channels are often guests or Slack Connect members: they see nothing unless you grant it here.',
      ),
      roleInput(
        ROLES_BLOCKS.workflowRole,
        'Workflows act as',
        WORKFLOW_ROLES,
        settings.workflowRole,
        'For Workflow Builder steps that name no acting user; a step that names one acts as that person.',
      ),
      {
        type: 'input',
        block_id: ROLES_BLOCKS.unfurlCustomFields,
        optional: true,
        label: plain('Link unfurls', 2000),
        hint: plain(
          'Unfurls are seen by everyone in the channel; by default they show what a shared card shows.',
          2000,
        ),
        element: {
          type: 'checkboxes',
          action_id: VALUE,
          options: [unfurl],
          ...(settings.unfurlCustomFields ? { initial_options: [unfurl] } : {}),
        },
      },
      {
        type: 'input',
        block_id: ROLES_BLOCKS.duplicatesChannel,
        optional: true,
        label: plain('Weekly duplicates report', 2000),
        hint: plain('Posted only when the list of likely duplicates changed. Leave empty for none.', 2000),
        element: {
          type: 'conversations_select',
          action_id: VALUE,
          filter: { include: ['public', 'private'], exclude_bot_users: true },
          ...(settings.duplicatesReportChannel
            ? { initial_conversation: settings.duplicatesReportChannel }
            : {}),
          placeholder: plain('Choose a channel', 150),
        },
      },
      { type: 'context', elements: [mrkdwn('Changes are recorded in the audit trail.')] },
    ],
  };
}
