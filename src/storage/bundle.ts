/**
 * Files in and out of the draft store: one config in the contract's saved form, or a bundle of
 * drafts with their history (format documented in docs/drafts.md). Imports are validated whole
 * and report every problem with its path before anything is written.
 */
import { parseConfig, serializeConfig } from '../core/parse-config.js';
import type { IdSyncConfig } from '../core/types.js';
import { z } from '../core/zod-setup.js';
import { RevisionKindSchema } from './db.js';
import type { DraftRevision, DraftStore } from './types.js';

export const BUNDLE_FORMAT = 'idsync-drafts-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

const BundleRevision = z.strictObject({
  revision: z.number().check(z.int(), z.positive()),
  savedAt: z.string().check(z.minLength(1)),
  kind: RevisionKindSchema,
  // Checked separately by parseConfig, so config problems get the same messages as a file.
  config: z.unknown(),
});

const BundleSnapshot = z.strictObject({
  name: z.string().check(z.minLength(1)),
  revision: z.number().check(z.int(), z.positive()),
  createdAt: z.string().check(z.minLength(1)),
});

const BundleDraft = z.strictObject({
  draftKey: z.string().check(z.minLength(1)),
  name: z.string(),
  destination: z.string().check(z.minLength(1)),
  current: z.number().check(z.int(), z.positive()),
  revisions: z.array(BundleRevision).check(z.minLength(1)),
  snapshots: z.array(BundleSnapshot),
});

export const DraftBundle = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
  exportedAt: z.string(),
  drafts: z.array(BundleDraft),
});
export type DraftBundle = z.infer<typeof DraftBundle>;

/** A validated bundle: configs parsed, so importing writes documents in their saved form. */
export interface CheckedBundle extends DraftBundle {
  drafts: Array<
    Omit<DraftBundle['drafts'][number], 'revisions'> & {
      revisions: Array<
        Omit<DraftBundle['drafts'][number]['revisions'][number], 'config'> & {
          config: IdSyncConfig;
        }
      >;
    }
  >;
}

export interface ImportProblem {
  /** Where in the file, e.g. ['drafts', 0, 'revisions', 2, 'config', 'setup']. */
  path: (string | number)[];
  message: string;
}

export type ImportRead =
  | { ok: true; kind: 'config'; config: IdSyncConfig; warnings: ImportProblem[] }
  | { ok: true; kind: 'bundle'; bundle: CheckedBundle; warnings: ImportProblem[] }
  | { ok: false; problems: ImportProblem[] };

/** Path as people read it: `drafts[0].revisions[2].config.setup`. */
export function formatPath(path: (string | number)[]): string {
  if (path.length === 0) return '(whole file)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

type Issue = z.core.$ZodIssue;

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/** What a value is, in the words the messages use: `text "x"`, `a number (1.5)`, `a list`. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `text ${JSON.stringify(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  return 'an object';
}

const quoteAll = (values: readonly unknown[]): string =>
  values.map((v) => JSON.stringify(v)).join(', ');

/** One zod issue of the bundle's shape as a sentence saying what was expected and what was found. */
function bundleProblem(issue: Issue, root: unknown): ImportProblem {
  const path = issue.path.filter(
    (p): p is string | number => typeof p === 'string' || typeof p === 'number',
  );
  const found = valueAt(root, path);
  const name = path.at(-1);
  const field = typeof name === 'string' ? `"${name}"` : 'This item';

  let message: string;
  switch (issue.code) {
    case 'invalid_type':
      message =
        found === undefined
          ? `${field} is required and missing.`
          : `${field} must be ${TYPE_WORDS[issue.expected] ?? issue.expected}, not ${describeValue(found)}.`;
      break;
    case 'invalid_value':
      message =
        found === undefined
          ? `${field} is required and missing.`
          : issue.values.length === 1
            ? `${field} must be ${quoteAll(issue.values)}, not ${describeValue(found)}.`
            : `${field} must be one of ${quoteAll(issue.values)}, not ${describeValue(found)}.`;
      break;
    case 'too_small':
      message =
        issue.origin === 'array'
          ? `${field} needs at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}.`
          : issue.origin === 'string'
            ? `${field} must not be empty.`
            : `${field} must be 1 or more, not ${describeValue(found)}.`;
      break;
    case 'unrecognized_keys':
      return {
        path,
        message: `Unknown key${issue.keys.length === 1 ? '' : 's'} ${quoteAll(issue.keys)} here.`,
      };
    default:
      message = `${field} is not valid here (${describeValue(found)}).`;
  }
  return { path, message };
}

/**
 * Every config in a bundle, read however broken the rest is: each goes through `parseConfig`, so
 * its problems get the same words as a config file, with the bundle path in front.
 */
function checkConfigs(value: unknown, problems: ImportProblem[], warnings: ImportProblem[]): void {
  const drafts = valueAt(value, ['drafts']);
  if (!Array.isArray(drafts)) return;

  drafts.forEach((draft: unknown, d) => {
    const revisions = valueAt(draft, ['revisions']);
    const destination = valueAt(draft, ['destination']);
    if (!Array.isArray(revisions)) return;
    revisions.forEach((rev: unknown, r) => {
      if (typeof rev !== 'object' || rev === null) return;
      const at = ['drafts', d, 'revisions', r, 'config'];
      const config = (rev as Record<string, unknown>).config;
      if (config === undefined) {
        problems.push({ path: at, message: '"config" is required and missing.' });
        return;
      }
      const result = parseConfig(
        config,
        typeof destination === 'string' && destination ? { destination } : {},
      );
      for (const f of result.findings) {
        const target = f.severity === 'error' ? problems : warnings;
        target.push({ path: [...at, ...f.path], message: f.message });
      }
    });
  });
}

function checkBundle(value: unknown): ImportRead {
  // A later format is refused before anything else: its other fields may mean something else.
  const version = valueAt(value, ['formatVersion']);
  if (typeof version === 'number' && version > BUNDLE_FORMAT_VERSION) {
    return {
      ok: false,
      problems: [
        {
          path: ['formatVersion'],
          message:
            `This bundle was written by a newer version of idsync-studio (format ${version}); ` +
            `this version reads format ${BUNDLE_FORMAT_VERSION}. Update idsync-studio to import it.`,
        },
      ],
    };
  }

  const parsed = z.safeParse(DraftBundle, value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => bundleProblem(i, value));
    checkConfigs(value, problems, []);
    return { ok: false, problems };
  }

  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const seenKeys = new Set<string>();
  const drafts: CheckedBundle['drafts'] = [];
  parsed.data.drafts.forEach((draft, d) => {
    const at = ['drafts', d];
    if (seenKeys.has(draft.draftKey)) {
      problems.push({ path: [...at, 'draftKey'], message: `"${draft.draftKey}" appears twice.` });
    }
    seenKeys.add(draft.draftKey);

    const numbers = new Set<number>();
    const revisions: CheckedBundle['drafts'][number]['revisions'] = [];
    draft.revisions.forEach((rev, r) => {
      const revAt = [...at, 'revisions', r];
      if (numbers.has(rev.revision)) {
        problems.push({
          path: [...revAt, 'revision'],
          message: `Revision ${rev.revision} appears twice.`,
        });
      }
      numbers.add(rev.revision);
      if (rev.config === undefined) {
        problems.push({ path: [...revAt, 'config'], message: '"config" is required and missing.' });
        return;
      }
      const result = parseConfig(rev.config, { destination: draft.destination });
      for (const f of result.findings) {
        const target = f.severity === 'error' ? problems : warnings;
        target.push({ path: [...revAt, 'config', ...f.path], message: f.message });
      }
      if (result.ok) revisions.push({ ...rev, config: result.config });
    });

    if (!numbers.has(draft.current)) {
      problems.push({
        path: [...at, 'current'],
        message: `Revision ${draft.current} is not among this draft's revisions.`,
      });
    }
    draft.snapshots.forEach((s, i) => {
      if (!numbers.has(s.revision)) {
        problems.push({
          path: [...at, 'snapshots', i, 'revision'],
          message: `Snapshot "${s.name}" names revision ${s.revision}, which is not in the bundle.`,
        });
      }
    });
    drafts.push({ ...draft, revisions });
  });

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, kind: 'bundle', bundle: { ...parsed.data, drafts }, warnings };
}

/** Reads a file's text: a bundle when it says so, else one config document. */
export function readImport(text: string, options: { destination?: string } = {}): ImportRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // parseConfig locates the JSON error (line and column), so let it speak for both kinds.
    const result = parseConfig(text, options);
    return {
      ok: false,
      problems: result.findings.map((f) => ({ path: f.path, message: f.message })),
    };
  }

  const isBundle =
    typeof value === 'object' && value !== null && 'format' in value && 'drafts' in value;
  if (isBundle) return checkBundle(value);

  const result = parseConfig(value, options);
  const errors = result.findings.filter((f) => f.severity === 'error');
  const warnings = result.findings
    .filter((f) => f.severity !== 'error')
    .map((f) => ({ path: f.path, message: f.message }));
  if (!result.ok || errors.length > 0) {
    return { ok: false, problems: errors.map((f) => ({ path: f.path, message: f.message })) };
  }
  return { ok: true, kind: 'config', config: result.config, warnings };
}

/** The saved form of one config (the contract's stable format). */
export function exportConfig(config: IdSyncConfig): string {
  return serializeConfig(config);
}

/** Every draft (or the named ones) with its kept history and snapshots. */
export async function exportBundle(store: DraftStore, draftKeys?: string[]): Promise<DraftBundle> {
  const summaries = await store.list();
  const wanted = draftKeys ? summaries.filter((s) => draftKeys.includes(s.draftKey)) : summaries;
  const drafts: DraftBundle['drafts'] = [];
  for (const s of wanted) {
    const history = await store.history(s.draftKey);
    const snaps = await store.snapshots(s.draftKey);
    const current = (await store.load(s.draftKey))?.revision ?? s.pointer;
    drafts.push({
      draftKey: s.draftKey,
      name: s.name,
      destination: s.destination,
      current,
      revisions: history.map((r) => ({
        revision: r.revision,
        savedAt: r.savedAt,
        kind: r.kind,
        config: JSON.parse(serializeConfig(r.config)) as unknown,
      })),
      snapshots: snaps.map((x) => ({ name: x.name, revision: x.revision, createdAt: x.createdAt })),
    });
  }
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    exportedAt: new Date().toISOString(),
    drafts,
  };
}

export function serializeBundle(bundle: DraftBundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

/** Which drafts of a bundle already exist here, so the user confirms before they change. */
export async function existingDrafts(store: DraftStore, bundle: CheckedBundle): Promise<string[]> {
  const here = new Set((await store.list()).map((s) => s.draftKey));
  return bundle.drafts.filter((d) => here.has(d.draftKey)).map((d) => d.draftKey);
}

/**
 * Writes a checked bundle. Each bundle revision lands as a new revision (kind `import`) after
 * whatever the draft already had, so nothing stored is overwritten; the bundle's current
 * revision ends up current. Snapshots follow their revisions. Returns each imported draft's
 * current revision, so an editor showing one of those drafts can show what is now current.
 */
export async function importBundle(
  store: DraftStore,
  bundle: CheckedBundle,
): Promise<DraftRevision[]> {
  const currents: DraftRevision[] = [];
  for (const draft of bundle.drafts) {
    const isNew = (await store.state(draft.draftKey)) === undefined;
    const numbers = new Map<number, number>();
    const ordered = [...draft.revisions].sort((a, b) => a.revision - b.revision);
    let last = 0;
    for (const rev of ordered) {
      const saved = await store.save(draft.draftKey, rev.config, { kind: 'import' });
      numbers.set(rev.revision, saved.revision);
      last = rev.revision;
    }
    if (draft.current !== last) {
      const current = ordered.find((r) => r.revision === draft.current)!;
      await store.save(draft.draftKey, current.config, { kind: 'import' });
    }
    for (const s of draft.snapshots) {
      await store.snapshot(draft.draftKey, s.name, numbers.get(s.revision));
    }
    if (isNew && draft.name && draft.name !== draft.draftKey) {
      await store.rename(draft.draftKey, draft.name);
    }
    const current = await store.load(draft.draftKey);
    if (current) currents.push(current);
  }
  return currents;
}
