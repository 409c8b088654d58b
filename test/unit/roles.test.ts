import { describe, expect, it } from 'vitest';
import { can, RoleResolver, refusal } from '../../src/auth/roles.js';
import { DEFAULT_SETTINGS } from '../../src/store/workspace-settings.js';

describe('roles', () => {
  it('lets admins do everything, editors all but delete, viewers only look up', () => {
    const s = DEFAULT_SETTINGS;
    expect((['lookup', 'create', 'edit', 'delete', 'admin'] as const).map((p) => can('admin', p, s))).toEqual(
      [true, true, true, true, true],
    );
    expect(
      (['lookup', 'create', 'edit', 'delete', 'admin'] as const).map((p) => can('editor', p, s)),
    ).toEqual([true, true, true, false, false]);
    expect(
      (['lookup', 'create', 'edit', 'delete', 'admin'] as const).map((p) => can('viewer', p, s)),
    ).toEqual([true, false, false, false, false]);
  });

  it('lets editors delete once an admin allows it, and says who can when refusing', () => {
    const allowed = { ...DEFAULT_SETTINGS, editorsMayDelete: true };
    expect(can('editor', 'delete', allowed)).toBe(true);
    expect(refusal('delete', DEFAULT_SETTINGS)).toMatch(/^Only admins can delete/);
    expect(refusal('delete', allowed)).toMatch(/^Only admins and editors can delete/);
  });

  it('resolves configured admins, Slack admins (cached), assignments and the default', async () => {
    const asked: string[] = [];
    const resolver = new RoleResolver({ adminUserIds: ['UCONF'] });
    const slack = (user: string) => async () => {
      asked.push(user);
      return user === 'UOWNER';
    };
    const settings = { ...DEFAULT_SETTINGS, roles: { UVIEW: 'viewer' as const } };
    expect(await resolver.roleOf('T1', 'UCONF', settings, slack('UCONF'))).toBe('admin');
    expect(await resolver.roleOf('T1', 'UOWNER', settings, slack('UOWNER'))).toBe('admin');
    expect(await resolver.roleOf('T1', 'UOWNER', settings, slack('UOWNER'))).toBe('admin');
    expect(await resolver.roleOf('T1', 'UVIEW', settings, slack('UVIEW'))).toBe('viewer');
    expect(await resolver.roleOf('T1', 'UANY', settings, slack('UANY'))).toBe('editor');
    expect(asked).toEqual(['UOWNER', 'UVIEW', 'UANY']);
  });
});
