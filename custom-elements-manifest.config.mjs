/**
 * Custom Elements Manifest settings (`npm run analyze` writes custom-elements.json).
 *
 * The manifest covers what a host uses: the elements, their event classes and the module that
 * registers the tags. The plugins add what the analyzer leaves out: the tag names, which
 * `src/define.ts` registers from a `{ 'tag-name': ElementClass }` map the analyzer does not follow
 * (it only reads literal `customElements.define('tag', Class)` calls), and each event class's
 * `detail` type, spelled out from its interface so a reader of the manifest (and docs/api.md)
 * sees the fields.
 */

/** Reads `{ 'idsync-x': IdsyncX }` maps in the registering module and links tags to classes. */
function tagMapPlugin() {
  const tags = new Map(); // class name -> tag name
  let registering = '';

  return {
    name: 'idsync-tag-map',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isPropertyAssignment(node) || !ts.isObjectLiteralExpression(node.parent)) return;
      const key = ts.isStringLiteral(node.name) ? node.name.text : '';
      if (!/^[a-z][a-z0-9]*-[a-z0-9-]*$/.test(key) || !ts.isIdentifier(node.initializer)) return;
      tags.set(node.initializer.text, key);
      registering = moduleDoc.path;
    },
    packageLinkPhase({ customElementsManifest }) {
      // The loop's own `customElements.define(tag, element)` reads as a tag named "tag".
      const classes = new Set(
        customElementsManifest.modules.flatMap((m) =>
          (m.declarations ?? []).filter((d) => d.kind === 'class').map((d) => d.name),
        ),
      );
      for (const module of customElementsManifest.modules) {
        module.exports = module.exports?.filter(
          (e) => e.kind !== 'custom-element-definition' || classes.has(e.declaration.name),
        );
      }

      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          const tag = tags.get(declaration.name);
          if (declaration.kind !== 'class' || !tag || declaration.tagName) continue;
          declaration.tagName = tag;
          declaration.customElement = true;
          const define = customElementsManifest.modules.find((m) => m.path === registering);
          define.exports = [
            ...(define.exports ?? []),
            {
              kind: 'custom-element-definition',
              name: tag,
              declaration: { name: declaration.name, module: module.path },
            },
          ];
        }
      }
    },
  };
}

/** Names of `interface X { … }` members with their type text and doc, per interface. */
function interfaceFields(ts, node, source) {
  return node.members
    .filter((m) => ts.isPropertySignature(m) && m.type)
    .map((m) => ({
      name: m.name.getText(source),
      type: m.type.getText(source),
      optional: Boolean(m.questionToken),
      description: (ts.getJSDocCommentsAndTags(m)[0]?.comment ?? '').toString().trim(),
    }));
}

function eventDetailPlugin() {
  const details = new Map(); // interface name -> fields
  const eventDetail = new Map(); // event class name -> detail interface name

  return {
    name: 'idsync-event-detail',
    analyzePhase({ ts, node }) {
      const source = node.getSourceFile?.();
      if (ts.isInterfaceDeclaration(node)) {
        details.set(node.name.text, interfaceFields(ts, node, source));
      }
      if (ts.isClassDeclaration(node) && node.name) {
        const base = node.heritageClauses
          ?.flatMap((c) => c.types)
          .find((t) => t.expression.getText(source) === 'CustomEvent');
        const arg = base?.typeArguments?.[0];
        if (arg) eventDetail.set(node.name.text, arg.getText(source));
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      const declarations = customElementsManifest.modules.flatMap((m) => m.declarations ?? []);

      for (const declaration of declarations) {
        const detailName = eventDetail.get(declaration.name);
        if (declaration.kind !== 'class' || !detailName) continue;
        const fields = details.get(detailName) ?? [];
        const shape = fields.map((f) => `${f.name}${f.optional ? '?' : ''}: ${f.type}`).join('; ');
        declaration.members = [
          ...(declaration.members ?? []).filter((m) => m.name !== 'detail'),
          {
            kind: 'field',
            name: 'detail',
            type: { text: fields.length > 0 ? `{ ${shape} }` : detailName },
            readonly: true,
            description: [
              `The event's \`${detailName}\`.`,
              ...fields.map((f) => `\`${f.name}\`: ${f.description || f.type}`),
            ].join('\n'),
          },
        ];
      }

      // The analyzer also lists every `dispatchEvent(new XEvent(…))` as a nameless event; the
      // class JSDoc's @fires entry already names it, so the nameless copy is dropped.
      for (const declaration of declarations) {
        if (!Array.isArray(declaration.events)) continue;
        const named = new Set(declaration.events.filter((e) => e.name).map((e) => e.type?.text));
        declaration.events = declaration.events.filter((e) => e.name || !named.has(e.type?.text));
      }
    },
  };
}

export default {
  globs: ['src/components/**/*.ts', 'src/events.ts', 'src/storage/events.ts', 'src/define.ts'],
  exclude: ['src/components/**/*.styles.ts', 'src/components/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  // package.json already names the manifest; the analyzer must not rewrite a shared file.
  packagejson: false,
  plugins: [tagMapPlugin(), eventDetailPlugin()],
};
