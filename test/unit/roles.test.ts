import { describe, expect, it } from 'vitest';
import { AccessPolicy, can, PersonCache, PLAIN_MEMBER, refusal } from '../../src/auth/roles.js';
import { DEFAULT_SETTINGS } from '../../src/store/workspace-settings.js';

const ALL = ['lookup', 'create', 'edit', 'delete', 'admin'] as const;

describe('roles', () => {
  it('lets admins do everything, editors all but delete, viewers only look up, and none nothing', () => {
    const s = DEFAULT_SETTINGS;
    expect(ALL.map((p) => can('admin', p, s))).toEqual([true, true, true, true, true]);
    expect(ALL.map((p) => can('editor', p, s))).toEqual([true, true, true, false, false]);
    expect(ALL.map((p) => can('viewer', p, s))).toEqual([true, false, false, false, false]);
    expect(ALL.map((p) => can('none', p, s))).toEqual([false, false, false, false, false]);
  });

  it('lets editors delete once an admin allows it, and says who can when refusing', () => {
    const allowed = { ...DEFAULT_SETTINGS, editorsMayDelete: true };
    expect(can('editor', 'delete', allowed)).toBe(true);
    expect(refusal('delete', DEFAULT_SETTINGS)).toMatch(/^Only admins can delete/);
    expect(refusal('delete', allowed)).toMatch(/^Only admins and editors can delete/);
    expect(refusal('lookup', { ...DEFAULT_SETTINGS, roles: { UBOSS: 'admin' } }, 'none')).toMatch(
      /do not have access.*Ask <@UBOSS> or a workspace admin/,
    );
  });

  it('resolves configured admins, assignments, Slack admins and the default', () => {
    const policy = new AccessPolicy({ adminUserIds: ['UCONF'], mode: 'single' });
    const settings = { ...DEFAULT_SETTINGS, roles: { UVIEW: 'viewer' as const } };
    const slackAdmin = { ...PLAIN_MEMBER, workspaceAdmin: true };
    expect(policy.roleOf('T1', 'UCONF', PLAIN_MEMBER, settings)).toBe('admin');
    expect(policy.roleOf('T1', 'UOWNER', slackAdmin, settings)).toBe('admin');
    expect(policy.roleOf('T1', 'UVIEW', PLAIN_MEMBER, settings)).toBe('viewer');
    expect(policy.roleOf('T1', 'UANY', PLAIN_MEMBER, settings)).toBe('editor');
  });

  it('gives guests and people of other organisations no access unless an admin grants it', () => {
    const policy = new AccessPolicy({ adminUserIds: [], mode: 'single' });
    const guest = { ...PLAIN_MEMBER, guest: true };
    const external = { ...PLAIN_MEMBER, external: true, workspaceAdmin: true };
    expect(policy.roleOf('T1', 'UGUEST', guest, DEFAULT_SETTINGS)).toBe('none');
    // An admin of another organisation is not an admin here.
    expect(policy.roleOf('T1', 'UEXT', external, DEFAULT_SETTINGS)).toBe('none');
    expect(policy.roleOf('T1', 'UGUEST', guest, { ...DEFAULT_SETTINGS, guestRole: 'viewer' })).toBe('viewer');
    expect(policy.roleOf('T1', 'UGUEST', guest, { ...DEFAULT_SETTINGS, roles: { UGUEST: 'editor' } })).toBe(
      'editor',
    );
  });

  it('scopes ADMIN_USER_IDS: a bare id only in single-workspace mode, a team-qualified one in OAuth mode', () => {
    const many = new AccessPolicy({ adminUserIds: ['UBARE', 'T2:UTEAM'], mode: 'many' });
    expect(many.roleOf('T1', 'UBARE', PLAIN_MEMBER, DEFAULT_SETTINGS)).toBe('editor');
    expect(many.roleOf('T2', 'UTEAM', PLAIN_MEMBER, DEFAULT_SETTINGS)).toBe('admin');
    expect(many.roleOf('T1', 'UTEAM', PLAIN_MEMBER, DEFAULT_SETTINGS)).toBe('editor');
  });

  it('fails closed when Slack cannot say who someone is, and asks again next time', async () => {
    const cache = new PersonCache();
    const policy = new AccessPolicy({ adminUserIds: [], mode: 'single' });
    const first = await cache.get('T1', 'U1', async () => undefined);
    expect(first.standing.unverified).toBe(true);
    expect(policy.roleOf('T1', 'U1', first.standing, DEFAULT_SETTINGS)).toBe('none');
    expect(refusal('lookup', DEFAULT_SETTINGS, 'none', first.standing)).toMatch(/could not confirm/);
    const second = await cache.get('T1', 'U1', async () => ({ standing: PLAIN_MEMBER }));
    expect(policy.roleOf('T1', 'U1', second.standing, DEFAULT_SETTINGS)).toBe('editor');
  });
});
