/**
 * custom-elements.json and docs/api.md are generated and committed; these tests fail when either
 * no longer matches the sources, and check the manifest describes the contract's elements.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

interface ManifestEvent {
  name?: string;
  type?: { text: string };
}
interface ManifestMember {
  kind: string;
  name: string;
  type?: { text: string };
}
interface ManifestDeclaration {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  superclass?: { name: string };
  members?: ManifestMember[];
  attributes?: { name: string }[];
  events?: ManifestEvent[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string }[];
}
interface Manifest {
  modules: { path: string; declarations?: ManifestDeclaration[] }[];
}

const committed = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8')) as Manifest;
const declarations = committed.modules.flatMap((m) => m.declarations ?? []);
const element = (tag: string): ManifestDeclaration | undefined =>
  declarations.find((d) => d.tagName === tag);

describe('custom-elements.json', () => {
  it('matches what `npm run analyze` generates from the sources', async () => {
    // @ts-expect-error the analyzer ships no types for its CLI module
    const { cli } = (await import('@custom-elements-manifest/analyzer/cli.js')) as {
      cli: (o: { argv: string[]; cwd: string; noWrite: boolean }) => Promise<Manifest>;
    };

    const fresh = await cli({ argv: ['analyze', '--quiet'], cwd: root, noWrite: true });

    assert.deepEqual(committed, JSON.parse(JSON.stringify(fresh)), 'run `npm run docs:api`');
  });

  for (const tag of ['idsync-studio', 'idsync-editor', 'idsync-simulator', 'idsync-drafts']) {
    it(`lists <${tag}> as a custom element with its parts and custom properties`, () => {
      const el = element(tag);

      assert.ok(el, `<${tag}> is missing`);
      assert.equal(el.customElement, true);
      assert.ok((el.cssParts ?? []).length > 0, `<${tag}> documents no CSS part`);
      assert.ok(
        (el.cssProperties ?? []).every((p) => p.name.startsWith('--idsync-')),
        `<${tag}> documents a custom property outside the --idsync- namespace`,
      );
    });
  }

  it('lists the events of <idsync-editor> and <idsync-studio> with their event classes', () => {
    const events = (tag: string): Record<string, string | undefined> =>
      Object.fromEntries(
        (element(tag)?.events ?? []).filter((e) => e.name).map((e) => [e.name, e.type?.text]),
      );

    assert.deepEqual(events('idsync-editor'), {
      'idsync-change': 'IdsyncChangeEvent',
      'idsync-finalize': 'IdsyncFinalizeEvent',
    });
    assert.deepEqual(
      Object.entries(events('idsync-studio')).filter(([name]) =>
        ['idsync-change', 'idsync-finalize', 'idsync-draft-saved'].includes(name),
      ),
      [
        ['idsync-change', 'IdsyncChangeEvent'],
        ['idsync-finalize', 'IdsyncFinalizeEvent'],
        ['idsync-draft-saved', 'IdsyncDraftSavedEvent'],
      ],
    );
  });

  it('spells out the detail type of every event class', () => {
    const detail = (name: string): string | undefined =>
      declarations.find((d) => d.name === name)?.members?.find((m) => m.name === 'detail')?.type
        ?.text;

    assert.equal(detail('IdsyncChangeEvent'), '{ config: IdSyncConfig; findings: Finding[] }');
    assert.equal(detail('IdsyncFinalizeEvent'), '{ config: IdSyncConfig }');
    assert.equal(detail('IdsyncDraftSavedEvent'), '{ draftKey: string; revision: number }');
  });

  it('lists the studio inputs of the contract, the string ones with their attributes', () => {
    const studio = element('idsync-studio');
    const fields = new Set(studio?.members?.filter((m) => m.kind === 'field').map((m) => m.name));
    const attributes = new Set(studio?.attributes?.map((a) => a.name));

    for (const name of [
      'destination',
      'identifiers',
      'config',
      'draftKey',
      'audience',
      'readonly',
    ]) {
      assert.ok(fields.has(name), `property ${name}`);
    }
    for (const name of ['destination', 'draft-key', 'readonly']) {
      assert.ok(attributes.has(name), `attribute ${name}`);
    }
  });
});

describe('docs/api.md', () => {
  let renderApiDocs: (manifest: Manifest) => Promise<string>;

  before(async () => {
    // @ts-expect-error a plain ES module script, without types
    ({ renderApiDocs } = await import('../../scripts/gen-api-docs.mjs'));
  });

  it('is what scripts/gen-api-docs.mjs writes from custom-elements.json', async () => {
    const expected = await renderApiDocs(committed);

    const current = readFileSync(join(root, 'docs/api.md'), 'utf8');

    assert.equal(current, expected, 'run `npm run docs:api`');
  });

  it('has a section, events and parts for each element of the manifest', async () => {
    const text = readFileSync(join(root, 'docs/api.md'), 'utf8');

    for (const tag of ['idsync-studio', 'idsync-editor', 'idsync-simulator', 'idsync-drafts']) {
      assert.ok(text.includes(`\n## \`<${tag}>\`\n`), `docs/api.md has no section for <${tag}>`);
    }
    assert.ok(
      /\| `idsync-finalize` +\| `IdsyncFinalizeEvent` +\| `\{ config: IdSyncConfig \}`/.test(text),
      'docs/api.md lists idsync-finalize with its class and detail type',
    );
  });
});
