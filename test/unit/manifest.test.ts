// manifest.yml against Slack's own manifest schema, and against the listeners: every command, shortcut, function
// and event it declares has a registered listener, and every registered one is declared.
import { readFileSync } from 'node:fs';
import type { App } from '@slack/bolt';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { FUNCTIONS, SHORTCUTS } from '../../blocks/actions.js';
import { registerHandlers } from '../../handlers/index.js';
import type { Services } from '../../src/services.js';

interface Registered {
  commands: string[];
  shortcuts: string[];
  functions: string[];
  events: string[];
}

/** Registers the real handlers on a recorder standing in for Bolt's App, to read what they listen to. */
function registered(): Registered {
  const found: Registered = { commands: [], shortcuts: [], functions: [], events: [] };
  const recorder = new Proxy({} as Record<string, unknown>, {
    get: (_target, method) => (first: unknown) => {
      const name = String(first);
      if (method === 'command') found.commands.push(name);
      if (method === 'shortcut') found.shortcuts.push(name);
      if (method === 'function') found.functions.push(name);
      if (method === 'event') found.events.push(name);
    },
  });
  // Registration itself needs only these; nothing here runs a listener.
  const deps = { config: { auditChannelId: undefined }, onClose: () => undefined } as unknown as Services;
  registerHandlers(recorder as unknown as App, deps);
  for (const list of Object.values(found)) list.sort();
  return found;
}

const text = readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8');
const raw = parse(text) as unknown;

const ManifestSchema = z.object({
  features: z.object({
    slash_commands: z.array(z.object({ command: z.string() })),
    shortcuts: z.array(z.object({ callback_id: z.string(), type: z.enum(['message', 'global']) })),
    unfurl_domains: z.array(z.string()),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({ event_subscriptions: z.object({ bot_events: z.array(z.string()) }) }),
  functions: z.record(
    z.string(),
    z.object({
      input_parameters: z.object({
        properties: z.record(z.string(), z.object({ type: z.string() })),
        required: z.array(z.string()),
      }),
      output_parameters: z.object({ properties: z.record(z.string(), z.object({ type: z.string() })) }),
    }),
  ),
});
const manifest = ManifestSchema.parse(raw);

describe('manifest.yml', () => {
  it('validates against Slack’s manifest schema (v2)', () => {
    const schema = JSON.parse(
      readFileSync(
        new URL('../fixtures/slack-manifest-schema/manifest.schema.2.0.0.json', import.meta.url),
        'utf8',
      ),
    ) as Record<string, unknown>;
    // The schema uses a non-standard `regex` keyword (background_color): known to Ajv, not checked by it.
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addKeyword('regex');
    const validate = ajv.compile(schema);
    const ok = validate(raw);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('declares exactly the slash commands, shortcuts, functions and events the handlers register', () => {
    const r = registered();
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual(r.commands);
    expect(manifest.features.shortcuts.map((s) => s.callback_id).sort()).toEqual(r.shortcuts);
    expect(Object.keys(manifest.functions).sort()).toEqual(r.functions);
    // function_executed is Bolt's own listener behind app.function().
    expect(
      manifest.settings.event_subscriptions.bot_events.filter((e) => e !== 'function_executed').sort(),
    ).toEqual(r.events);
    expect(r.shortcuts).toEqual(Object.values(SHORTCUTS).sort());
    expect(r.functions).toEqual(Object.values(FUNCTIONS).sort());
  });

  it('keeps the Workflow Builder contract: step ids, inputs and outputs as the issue names them', () => {
    const f = manifest.functions;
    const inputs = (id: string) => Object.keys(f[id]?.input_parameters.properties ?? {}).sort();
    const outputs = (id: string) => Object.keys(f[id]?.output_parameters.properties ?? {}).sort();
    expect(inputs('lookup_customer')).toEqual(['acting_user', 'query']);
    expect(outputs('lookup_customer')).toEqual(
      ['customer_id', 'customer_name', 'domain', 'found', 'phone', 'primary_contact_email', 'url'].sort(),
    );
    expect(inputs('create_customer')).toEqual(
      [
        'acting_user',
        'allow_duplicate',
        'contact_email',
        'contact_first_name',
        'contact_last_name',
        'domain',
        'name',
        'phone',
      ].sort(),
    );
    expect(outputs('create_customer')).toEqual(['customer_id', 'customer_name', 'url']);
    expect(inputs('add_contact')).toEqual([
      'acting_user',
      'customer',
      'email',
      'first_name',
      'last_name',
      'phone',
      'title',
    ]);
    expect(outputs('add_contact')).toEqual(['contact_id', 'customer_id']);
    expect(f.add_contact?.input_parameters.required.sort()).toEqual(['customer', 'email']);
    expect(f.create_customer?.input_parameters.properties.allow_duplicate?.type).toBe('boolean');
    expect(f.lookup_customer?.input_parameters.properties.acting_user?.type).toBe('slack#/types/user_id');
  });

  it('asks for the scopes the features use, and unfurls each vendor’s web domain', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        'commands',
        'chat:write',
        'users:read',
        'users:read.email',
        'links:read',
        'links:write',
        'files:write',
      ]),
    );
    expect(manifest.features.unfurl_domains).toEqual([
      'atera.com',
      'syncromsp.com',
      'autotask.net',
      'superops.ai',
    ]);
  });

  it('explains every scope and event with a comment', () => {
    for (const [from, to] of [
      ['    bot:', 'settings:'],
      ['    bot_events:', '  interactivity:'],
    ] as const) {
      const block = text.slice(text.indexOf(from), text.indexOf(to));
      const lines = block.split('\n').slice(1);
      lines.forEach((line, i) => {
        if (/^\s+- /.test(line) && !/^\s+- /.test(lines[i - 1] ?? '')) expect(lines[i - 1]).toMatch(/^\s+#/);
      });
    }
  });
});
