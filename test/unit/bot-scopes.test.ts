import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { BOT_SCOPES } from '../../src/auth/bot-scopes.js';

describe('OAuth bot scopes', () => {
  it('are exactly the manifest’s bot scopes, so an OAuth install asks for what the app is configured with', () => {
    const manifest = z
      .object({ oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }) })
      .parse(parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')));
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });
});
