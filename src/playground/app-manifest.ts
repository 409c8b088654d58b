// What the playground's Slack knows of the app from its manifest.yml, as Slack would: the shortcuts it puts in
// menus, the domains whose links it reports (link_shared), and the Workflow Builder steps with their typed inputs.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

const ParameterSchema = z.object({ type: z.string(), title: z.string().optional() });

const ManifestSchema = z.object({
  features: z.object({
    shortcuts: z
      .array(
        z.object({
          name: z.string(),
          type: z.enum(['message', 'global']),
          callback_id: z.string(),
          description: z.string(),
        }),
      )
      .default([]),
    unfurl_domains: z.array(z.string()).default([]),
  }),
  functions: z
    .record(
      z.string(),
      z.object({
        title: z.string(),
        description: z.string().optional(),
        input_parameters: z.object({
          properties: z.record(z.string(), ParameterSchema),
          required: z.array(z.string()).default([]),
        }),
        output_parameters: z.object({ properties: z.record(z.string(), ParameterSchema) }),
      }),
    )
    .default({}),
});

export interface AppShortcut {
  callbackId: string;
  name: string;
  description: string;
}

/** A step input as Workflow Builder offers it: text, a yes/no, or a person of the workspace. */
export interface StepParameter {
  name: string;
  title: string;
  type: 'string' | 'boolean' | 'user';
  required: boolean;
}

export interface AppStep {
  callbackId: string;
  title: string;
  description: string;
  inputs: StepParameter[];
  outputs: { name: string; title: string }[];
}

export interface AppManifest {
  messageShortcuts: AppShortcut[];
  globalShortcuts: AppShortcut[];
  unfurlDomains: string[];
  steps: AppStep[];
}

const TYPES: Record<string, StepParameter['type']> = {
  string: 'string',
  boolean: 'boolean',
  'slack#/types/user_id': 'user',
};

/** The manifest beside the sources (a checkout) or beside package.json (the Docker image's /app). */
function manifestPath(): string {
  const candidates = [
    new URL('../../manifest.yml', import.meta.url),
    new URL('../../../manifest.yml', import.meta.url),
  ];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(path)) return path;
  }
  throw new Error('manifest.yml not found beside the playground');
}

export function readAppManifest(path = manifestPath()): AppManifest {
  const manifest = ManifestSchema.parse(parse(readFileSync(path, 'utf8')));
  const shortcuts = (type: 'message' | 'global') =>
    manifest.features.shortcuts
      .filter((s) => s.type === type)
      .map((s) => ({ callbackId: s.callback_id, name: s.name, description: s.description }));
  const steps = Object.entries(manifest.functions).map(([callbackId, f]) => ({
    callbackId,
    title: f.title,
    description: f.description ?? '',
    inputs: Object.entries(f.input_parameters.properties).map(([name, p]) => {
      const type = TYPES[p.type];
      if (!type)
        throw new Error(`manifest.yml: ${callbackId}.${name} has a type the playground cannot offer`);
      return { name, title: p.title ?? name, type, required: f.input_parameters.required.includes(name) };
    }),
    outputs: Object.entries(f.output_parameters.properties).map(([name, p]) => ({
      name,
      title: p.title ?? name,
    })),
  }));
  return {
    messageShortcuts: shortcuts('message'),
    globalShortcuts: shortcuts('global'),
    unfurlDomains: manifest.features.unfurl_domains.map((d) => d.toLowerCase()),
    steps,
  };
}

/** Whether Slack reports a link to `host` to the app: one of its unfurl domains, or a subdomain of one. */
export function isUnfurlHost(host: string, domains: readonly string[]): boolean {
  const h = host.toLowerCase();
  return domains.some((d) => h === d || h.endsWith(`.${d}`));
}
