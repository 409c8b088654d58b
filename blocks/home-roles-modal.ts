// The role settings modal of the Home tab: who may delete, extra admins, and everyone else's role.
import type { ModalView } from '@slack/types';
import { VALUE } from './form.js';
import type { HomeRoleSettings } from './home.js';
import { mrkdwn, plain } from './mrkdwn.js';

export const ROLES_CALLBACK = 'home_roles';

export const ROLES_BLOCKS = {
  deleters: 'roles_deleters',
  admins: 'roles_admins',
  defaultRole: 'roles_default',
} as const;

const DELETERS = [
  { value: 'admins', label: 'Admins only' },
  { value: 'editors', label: 'Admins and editors' },
] as const;
const DEFAULT_ROLES = [
  { value: 'editor', label: 'Editor: look up, create and edit' },
  { value: 'viewer', label: 'Viewer: look up only' },
] as const;

const option = (o: { value: string; label: string }) => ({ text: plain(o.label, 75), value: o.value });

export function rolesModal(settings: HomeRoleSettings): ModalView {
  const deleters = DELETERS[settings.editorsMayDelete ? 1 : 0];
  const defaultRole = DEFAULT_ROLES.find((r) => r.value === settings.defaultRole) ?? DEFAULT_ROLES[0];
  return {
    type: 'modal',
    callback_id: ROLES_CALLBACK,
    title: plain('Roles', 24),
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
      {
        type: 'input',
        block_id: ROLES_BLOCKS.defaultRole,
        label: plain('Everyone else', 2000),
        element: {
          type: 'radio_buttons',
          action_id: VALUE,
          options: DEFAULT_ROLES.map(option),
          initial_option: option(defaultRole),
        },
      },
      { type: 'context', elements: [mrkdwn('Changes are recorded in the audit trail.')] },
    ],
  };
}
