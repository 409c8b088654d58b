import { readFileSync } from 'node:fs';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { registerHandlers } from '../../handlers/index.js';
import type { Services } from '../../src/services.js';

/** Registers the real handlers on a recorder standing in for Bolt's App, to read which commands exist. */
function registeredCommands(): string[] {
  const commands: string[] = [];
  const recorder = new Proxy({} as Record<string, unknown>, {
    get: (_target, method) => (first: unknown) => {
      if (method === 'command') commands.push(String(first));
    },
  });
  // Registration itself needs only these; nothing here runs a listener.
  const deps = { config: { auditChannelId: undefined }, onClose: () => undefined } as unknown as Services;
  registerHandlers(recorder as unknown as App, deps);
  return commands.sort();
}

const ManifestSchema = z.object({
  display_information: z.object({ name: z.string().min(1).max(35), description: z.string().max(140) }),
  features: z.object({
    bot_user: z.object({ display_name: z.string().regex(/^[a-z0-9._-]{1,80}$/) }),
    slash_commands: z
      .array(
        z
          .object({
            command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
            url: z.string().regex(/^https:\/\/.+\/slack\/events$/),
            description: z.string().min(1).max(2000),
            usage_hint: z.string().max(1000),
            should_escape: z.boolean(),
          })
          .strict(),
      )
      .max(50),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string().max(50)) }) }),
  settings: z.object({
    interactivity: z.object({
      is_enabled: z.literal(true),
      request_url: z.string().regex(/\/slack\/events$/),
      message_menu_options_url: z.string().regex(/\/slack\/events$/),
    }),
  }),
});

describe('manifest.yml', () => {
  const manifest = ManifestSchema.parse(
    parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')),
  );

  it('declares exactly the slash commands the handlers register', () => {
    const declared = manifest.features.slash_commands.map((c) => c.command).sort();
    expect(declared).toEqual(registeredCommands());
    expect(declared).toEqual(['/contact', '/customer']);
  });

  it('asks for the scopes the bot uses, including commands and chat:write', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'users:read']),
    );
  });

  it('explains every scope with a comment', () => {
    const text = readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8');
    const scopeBlock = text.slice(text.indexOf('    bot:'), text.indexOf('settings:'));
    const lines = scopeBlock.split('\n').slice(1);
    lines.forEach((line, i) => {
      if (/^\s+- /.test(line) && !/^\s+- /.test(lines[i - 1] ?? '')) expect(lines[i - 1]).toMatch(/^\s+#/);
    });
  });
});
