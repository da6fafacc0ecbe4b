#!/usr/bin/env node
/**
 * Writes docs/api.md and docs/theming.md from custom-elements.json, so the reference a host
 * reads is the class JSDoc itself. `npm run docs:api` regenerates the manifest first; a Node test fails when either file
 * is out of date with the sources.
 *
 *   node scripts/gen-api-docs.mjs           write docs/api.md
 *   node scripts/gen-api-docs.mjs --check   exit 1 when either file differs from what it would write
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';

const root = resolve(import.meta.dirname, '..');

/** The contract's elements first, in the order a host meets them; any others after. */
const ELEMENT_ORDER = [
  'idsync-studio',
  'idsync-editor',
  'idsync-simulator',
  'idsync-drafts',
  'idsync-batch',
];

const cell = (text) =>
  String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
const code = (text) => (text ? `\`${cell(text)}\`` : '');

function table(headers, rows) {
  if (rows.length === 0) return '';
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map((c) => c || ' ').join(' | ')} |`),
    '',
  ].join('\n');
}

function declarationsOf(manifest) {
  return manifest.modules.flatMap((module) =>
    (module.declarations ?? []).map((declaration) => ({ ...declaration, module: module.path })),
  );
}

/** The custom elements of the manifest, in documentation order. */
export function elementsOf(manifest) {
  const rank = (tag) => (ELEMENT_ORDER.includes(tag) ? ELEMENT_ORDER.indexOf(tag) : 99);
  return declarationsOf(manifest)
    .filter((d) => d.kind === 'class' && d.customElement && d.tagName)
    .sort((a, b) => rank(a.tagName) - rank(b.tagName) || a.tagName.localeCompare(b.tagName));
}

const isPublic = (member) => !member.privacy || member.privacy === 'public';

function renderElement(element, eventClasses) {
  const fields = (element.members ?? []).filter(
    (m) => m.kind === 'field' && !m.static && isPublic(m) && !m.name.startsWith('#'),
  );
  // `handleXxx` methods are the template's event handlers by the project's naming convention,
  // not API a host calls.
  const methods = (element.members ?? []).filter(
    (m) =>
      m.kind === 'method' &&
      !m.static &&
      isPublic(m) &&
      !m.inheritedFrom &&
      !m.name.startsWith('handle'),
  );
  const attributeOnly = (element.attributes ?? []).filter(
    (a) => !a.fieldName || !fields.some((f) => f.name === a.fieldName),
  );
  const events = (element.events ?? []).filter((e) => e.name);

  const parts = [
    `## \`<${element.tagName}>\``,
    '',
    `Class \`${element.name}\`, from \`${element.module}\`.`,
    '',
    element.summary ? `**${cell(element.summary)}**\n` : '',
    element.description ? `${element.description.trim()}\n` : '',
  ];

  if (fields.length > 0) {
    parts.push(
      '### Properties',
      '',
      table(
        ['Property', 'Attribute', 'Type', 'Default', 'Description'],
        fields.map((f) => [
          code(f.name),
          code(f.attribute) + (f.reflects ? ' (reflected)' : ''),
          code(f.type?.text),
          code(f.default),
          cell([f.readonly ? 'Read-only.' : '', f.description].filter(Boolean).join(' ')),
        ]),
      ),
    );
  }
  if (attributeOnly.length > 0) {
    parts.push(
      '### Attributes',
      '',
      table(
        ['Attribute', 'Type', 'Description'],
        attributeOnly.map((a) => [code(a.name), code(a.type?.text), cell(a.description)]),
      ),
    );
  }
  if (methods.length > 0) {
    parts.push(
      '### Methods',
      '',
      table(
        ['Method', 'Returns', 'Description'],
        methods.map((m) => [
          code(
            `${m.name}(${(m.parameters ?? []).map((p) => `${p.name}: ${p.type?.text ?? 'unknown'}`).join(', ')})`,
          ),
          code(m.return?.type?.text ?? 'void'),
          cell(m.description),
        ]),
      ),
    );
  }
  if (events.length > 0) {
    parts.push(
      '### Events',
      '',
      table(
        ['Event', 'Class', 'Detail', 'Description'],
        events.map((e) => {
          const detail = eventClasses.get(e.type?.text)?.members?.find((m) => m.name === 'detail')
            ?.type?.text;
          return [code(e.name), code(e.type?.text), code(detail), cell(e.description)];
        }),
      ),
    );
  }
  const sections = [
    ['Slots', element.slots, (s) => [code(s.name || '(default)'), cell(s.description)], 'Slot'],
    ['CSS parts', element.cssParts, (p) => [code(p.name), cell(p.description)], 'Part'],
    [
      'CSS custom properties',
      element.cssProperties,
      (p) => [code(p.name), cell(p.description)],
      'Property',
    ],
  ];
  for (const [title, list, row, head] of sections) {
    if (!list?.length) continue;
    parts.push(`### ${title}`, '', table([head, 'Description'], list.map(row)));
  }
  return parts.join('\n');
}

function renderEventClass(event) {
  const detail = event.members?.find((m) => m.name === 'detail');
  const name = event.members?.find((m) => m.name === 'eventName')?.default?.replace(/'/g, '');
  return [
    `### \`${event.name}\`${name ? ` (\`${name}\`)` : ''}`,
    '',
    event.description ? `${event.description.trim()}\n` : '',
    detail ? `\`detail\`: \`${cell(detail.type?.text)}\`\n` : '',
    ...(detail?.description ?? '')
      .split('\n')
      .slice(1)
      .map((line) => `- ${line}`),
    '',
  ].join('\n');
}

/** The Markdown of docs/api.md for a manifest, formatted as the repository's Prettier would. */
export async function renderApiDocs(manifest) {
  const declarations = declarationsOf(manifest);
  const eventClasses = new Map(
    declarations
      .filter((d) => d.kind === 'class' && d.superclass?.name === 'CustomEvent')
      .map((d) => [d.name, d]),
  );
  const elements = elementsOf(manifest);

  const text = [
    '# API reference',
    '',
    '<!-- Generated from custom-elements.json by scripts/gen-api-docs.mjs: edit the class JSDoc',
    '     in src/ and run `npm run docs:api` instead of editing this file. -->',
    '',
    'Every element is registered by `idsync-studio/define` (or the embed bundle) and exported as a',
    'class from `idsync-studio`. Properties marked with an attribute can be set from HTML; the',
    'others are JavaScript properties. See [embedding.md](embedding.md) for how to load the',
    'elements and [theming.md](theming.md) for styling.',
    '',
    ...elements.map((e) => `- [\`<${e.tagName}>\`](#${e.tagName})`),
    '- [Event classes](#event-classes)',
    '',
    ...elements.map((e) => renderElement(e, eventClasses)),
    '## Event classes',
    '',
    'Each event is its own `CustomEvent` subclass with a typed `detail`, declared in',
    "`HTMLElementEventMap`, so `addEventListener('idsync-change', (e) => e.detail.config)` is",
    'typed in TypeScript. All of them bubble and are composed.',
    '',
    ...[...eventClasses.values()].map(renderEventClass),
  ].join('\n');

  const options = await resolveConfig(join(root, 'docs/api.md'));
  return format(text, { ...options, parser: 'markdown' });
}

/** docs/theming.md: every `--idsync-*` custom property and every part, per element. */
export async function renderTheming(manifest) {
  const elements = elementsOf(manifest);
  const properties = new Map(); // name -> [{ tag, description }]
  for (const element of elements) {
    for (const p of element.cssProperties ?? []) {
      properties.set(p.name, [...(properties.get(p.name) ?? []), { tag: element.tagName, p }]);
    }
  }
  const names = [...properties.keys()].sort();

  const text = [
    '# Theming',
    '',
    '<!-- The tables are generated from custom-elements.json by scripts/gen-api-docs.mjs. -->',
    '',
    'The elements draw every colour, font, radius and spacing from `--idsync-*` custom properties,',
    'each with a fallback, and mark each region a host may restyle with a `part`. Custom',
    'properties inherit through shadow roots, so one rule on the studio (or any ancestor) themes',
    'the editor, simulator and drafts inside it:',
    '',
    '```css',
    'idsync-studio {',
    '  --idsync-font: 14px/1.5 "Inter", system-ui, sans-serif;',
    '  --idsync-color-accent: #5b3cc4;',
    '  --idsync-color-accent-text: #ffffff;',
    '  --idsync-radius: 6px;',
    '}',
    '```',
    '',
    'Parts reach one level into a shadow root: `idsync-editor::part(save)` styles the Save button',
    'of an editor the host placed itself. Inside `<idsync-studio>` the panels are parts of the',
    'studio (`idsync-studio::part(editor)`), so style them as a whole there and use the custom',
    'properties for what is inside them.',
    '',
    '## Dark mode',
    '',
    'The fallbacks follow the page: under `prefers-color-scheme: dark` the elements switch to',
    'dark fallbacks on their own. A host with its own theme switch sets the custom properties',
    'for both schemes itself, for example:',
    '',
    '```css',
    'idsync-studio {',
    '  --idsync-color-text: #1d2330;',
    '  --idsync-color-surface: #ffffff;',
    '}',
    '@media (prefers-color-scheme: dark) {',
    '  idsync-studio {',
    '    --idsync-color-text: #e6e9ef;',
    '    --idsync-color-surface: #1c2029;',
    '  }',
    '}',
    '```',
    '',
    'Meaning never rests on colour alone: errors and warnings also carry a word ("Error",',
    '"Warning"), a text message and `aria-invalid`, so a theme may change every colour.',
    '',
    '## Custom properties',
    '',
    table(
      ['Property', 'Used by', 'What it sets'],
      names.map((name) => {
        const uses = properties.get(name);
        return [
          code(name),
          uses.map((u) => `\`<${u.tag}>\``).join(', '),
          cell(uses[0].p.description),
        ];
      }),
    ),
    '## Parts',
    '',
    ...elements.flatMap((element) =>
      element.cssParts?.length
        ? [
            `### \`<${element.tagName}>\``,
            '',
            table(
              ['Part', 'What it is'],
              element.cssParts.map((p) => [code(p.name), cell(p.description)]),
            ),
          ]
        : [],
    ),
  ].join('\n');

  const options = await resolveConfig(join(root, 'docs/theming.md'));
  return format(text, { ...options, parser: 'markdown' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
  const outputs = [
    [join(root, 'docs/api.md'), await renderApiDocs(manifest)],
    [join(root, 'docs/theming.md'), await renderTheming(manifest)],
  ];
  let stale = false;
  for (const [target, text] of outputs) {
    if (!process.argv.includes('--check')) writeFileSync(target, text);
    else if ((existsSync(target) ? readFileSync(target, 'utf8') : '') !== text) {
      console.error(`${target} is out of date: run \`npm run docs:api\`.`);
      stale = true;
    }
  }
  process.exit(stale ? 1 : 0);
}
