// Guards the layout's rules: the engine (src/) knows nothing of Slack, views (blocks/) know only the domain, and
// no listener folder reaches into another. A test of the test shows each rule catches a forbidden import.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...files(path));
    else if (/\.ts$/.test(name)) out.push(path.split(sep).join('/'));
  }
  return out;
}

/** The modules a file imports (static imports and re-exports, and dynamic imports of literals). */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+'([^']+)'/gm))
    found.push(m[1] ?? '');
  for (const m of source.matchAll(/^\s*import\s+'([^']+)'/gm)) found.push(m[1] ?? '');
  for (const m of source.matchAll(/import\(\s*'([^']+)'\s*\)/g)) found.push(m[1] ?? '');
  return found;
}

/** Where an import lands, relative to the repository root (package names stay as they are). */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  const parts = file.split('/').slice(0, -1);
  for (const step of spec.split('/')) {
    if (step === '..') parts.pop();
    else if (step !== '.') parts.push(step);
  }
  return parts.join('/');
}

const SRC_EXCEPTIONS = ['src/app.ts', 'src/main.ts', 'src/playground/', 'src/slack/'];

/** Every broken rule in one file, as "file -> import: why". */
export function violations(file: string, source: string): string[] {
  const out: string[] = [];
  for (const spec of importsOf(source)) {
    const to = target(file, spec);
    if (file.startsWith('src/') && !SRC_EXCEPTIONS.some((e) => file === e || file.startsWith(e))) {
      if (to.startsWith('@slack/')) out.push(`${file} -> ${spec}: the engine does not import Slack`);
      if (to.startsWith('handlers/') || to === 'handlers')
        out.push(`${file} -> ${spec}: the engine does not import listeners`);
      if (to.startsWith('blocks/') || to === 'blocks')
        out.push(`${file} -> ${spec}: the engine does not import views`);
    }
    if (file.startsWith('blocks/')) {
      const inside = to.startsWith('blocks/') || to === '@slack/types';
      if (!inside && !to.startsWith('src/domain'))
        out.push(`${file} -> ${spec}: views import only src/domain`);
    }
    const kind = /^handlers\/([^/]+)\//.exec(file)?.[1];
    const toKind = /^handlers\/([^/]+)/.exec(to)?.[1];
    if (
      kind &&
      toKind &&
      toKind !== kind &&
      toKind !== 'support' &&
      toKind !== 'forms' &&
      !to.startsWith('handlers/index')
    )
      out.push(`${file} -> ${spec}: one listener folder does not import another (use handlers/support)`);
  }
  return out;
}

describe('the layout’s import rules', () => {
  const all = [...files('src'), ...files('blocks'), ...files('handlers')];

  it('hold for every file of src/, blocks/ and handlers/', () => {
    const broken = all.flatMap((f) => violations(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(broken).toEqual([]);
  });

  it('catch each forbidden import (a test of the test)', () => {
    expect(violations('src/operations/x.ts', "import { App } from '@slack/bolt';")).toHaveLength(1);
    expect(violations('src/search/x.ts', "import { a } from '../../handlers/support/jobs.js';")).toHaveLength(
      1,
    );
    expect(
      violations('src/store/x.ts', "import type { Message } from '../../blocks/message.js';"),
    ).toHaveLength(1);
    expect(violations('blocks/x.ts', "import type { Store } from '../src/store/index.js';")).toHaveLength(1);
    expect(
      violations('handlers/commands/x.ts', "import { y } from '../actions/delete-request.js';"),
    ).toHaveLength(1);
    expect(violations('handlers/events/x.ts', "const m = await import('../home/connect.js');")).toHaveLength(
      1,
    );
    // And allow what the layout allows.
    expect(violations('src/app.ts', "import { App } from '@slack/bolt';")).toEqual([]);
    expect(violations('src/slack/x.ts', "import type { Logger } from '@slack/bolt';")).toEqual([]);
    expect(violations('blocks/x.ts', "import type { Customer } from '../src/domain/index.js';")).toEqual([]);
    expect(violations('handlers/commands/x.ts', "import { runJob } from '../support/jobs.js';")).toEqual([]);
    expect(
      violations('handlers/views/x.ts', "import { parseContactForm } from '../forms/contact-form.js';"),
    ).toEqual([]);
  });
});
