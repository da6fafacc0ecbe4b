import { expect } from '@open-wc/testing';
import { parseConfig } from '../../src/core/parse-config.js';
import { diffConfigs } from '../../src/core/diff.js';
import {
  exportBundle,
  formatPath,
  importBundle,
  openDraftStore,
  readImport,
  serializeBundle,
  type DraftStore,
} from '../../src/storage/index.js';
import { config, deleteTestDatabases, randomDbName } from './storage-helpers.js';

const mapTo = (r: { config: { idSyncConfiguration: { mapTo: string }[] } } | undefined) =>
  r?.config.idSyncConfiguration[0]?.mapTo;

describe('diffConfigs', () => {
  it('reports rows added, removed and changed, and settings changed', () => {
    const a = config('EMAIL');
    const b = {
      ...config('EMAIL_SHA256'),
      setup: 'customized' as const,
      idSyncConfiguration: [
        { externalId: 'phone', strategy: 'all' as const, mapTo: 'PHONE' },
        { externalId: 'email', strategy: 'first' as const, mapTo: 'EMAIL_SHA256' },
      ],
      destinationSettings: { matcher: 'email' },
    };

    const diff = diffConfigs(a, b);

    expect(diff.added).to.deep.equal([{ externalId: 'phone', strategy: 'all', mapTo: 'PHONE' }]);
    expect(diff.removed).to.deep.equal([]);
    expect(diff.changed).to.deep.equal([
      {
        externalId: 'email',
        changes: [
          { field: 'strategy', from: 'last', to: 'first' },
          { field: 'mapTo', from: 'EMAIL', to: 'EMAIL_SHA256' },
          { field: 'position', from: 1, to: 2 },
        ],
      },
    ]);
    expect(diff.settings).to.deep.equal([
      { path: 'destinationSettings.matcher', from: undefined, to: 'email' },
    ]);
    expect(diff.same).to.equal(false);
  });

  it('says two equal documents are the same', () => {
    expect(diffConfigs(config('A'), config('A')).same).to.equal(true);
  });
});

describe('draft history', () => {
  const stores: DraftStore[] = [];
  const open = async (options: Parameters<typeof openDraftStore>[0] = {}) => {
    const store = await openDraftStore({ dbName: randomDbName(), ...options });
    stores.push(store);
    return store;
  };

  afterEach(async () => {
    stores.splice(0).forEach((s) => s.close());
    await deleteTestDatabases();
  });

  describe('when a draft has more revisions than the retention limit', () => {
    it('drops the oldest but keeps snapshotted ones', async () => {
      const store = await open({ retention: { maxRevisionsPerDraft: 3 } });
      await store.save('d', config('R1'));
      await store.snapshot('d', 'first');
      for (const m of ['R2', 'R3', 'R4', 'R5']) await store.save('d', config(m));

      const kept = (await store.history('d')).map((r) => r.revision);

      expect(kept).to.deep.equal([1, 4, 5]);
      expect(store.retention.maxRevisionsPerDraft).to.equal(3);
    });
  });

  describe('when restoring an old revision', () => {
    it('appends it as a new revision that undo can take back', async () => {
      const store = await open();
      await store.save('d', config('A'));
      await store.save('d', config('B'));

      const restored = await store.restore('d', 1);
      const undone = await store.undo('d');

      expect(restored).to.include({ revision: 3, kind: 'restore', parent: 2 });
      expect(mapTo(restored)).to.equal('A');
      expect(mapTo(undone)).to.equal('B');
    });
  });

  describe('a bundle export', () => {
    it('imports into another database with history, snapshots and names', async () => {
      const source = await open();
      await source.save('d', config('A'));
      await source.save('d', config('B'));
      await source.snapshot('d', 'good one', 1);
      await source.rename('d', 'My draft');
      const text = serializeBundle(await exportBundle(source));

      const read = readImport(text);
      const target = await open();
      if (!read.ok || read.kind !== 'bundle') throw new Error('expected a bundle');
      await importBundle(target, read.bundle);

      expect((await target.history('d')).map(mapTo)).to.deep.equal(['A', 'B']);
      expect((await target.history('d')).every((r) => r.kind === 'import')).to.equal(true);
      expect((await target.snapshots('d')).map((s) => [s.name, s.revision])).to.deep.equal([
        ['good one', 1],
      ]);
      expect((await target.state('d'))?.name).to.equal('My draft');
    });

    it('reports a config file that is not JSON with where it broke', () => {
      const read = readImport('{ "version": 1,, }');

      expect(read.ok).to.equal(false);
      if (!read.ok) expect(read.problems[0].message).to.match(/line 1/i);
    });
  });

  describe('a bundle that cannot be imported', () => {
    const bundle = (overrides: Record<string, unknown> = {}, draft: Record<string, unknown> = {}) =>
      JSON.stringify({
        format: 'idsync-drafts-bundle',
        formatVersion: 1,
        exportedAt: '2025-01-01T00:00:00Z',
        drafts: [
          {
            draftKey: 'd',
            name: 'D',
            destination: 'facebook-custom-audiences',
            current: 1,
            revisions: [{ revision: 1, savedAt: 'x', kind: 'edit', config: config('A') }],
            snapshots: [],
            ...draft,
          },
        ],
        ...overrides,
      });
    const problems = (text: string): string[] => {
      const read = readImport(text);
      if (read.ok) throw new Error('expected the bundle to be refused');
      return read.problems.map((p) => `${formatPath(p.path)}: ${p.message}`);
    };

    it('says a later format was written by a newer version, naming both formats', () => {
      expect(problems(bundle({ formatVersion: 2 }))).to.deep.equal([
        'formatVersion: This bundle was written by a newer version of idsync-studio (format 2); ' +
          'this version reads format 1. Update idsync-studio to import it.',
      ]);
    });

    it('says a missing field is required, and a wrong type which type it needs', () => {
      const found = problems(bundle({ exportedAt: undefined }, { current: 'two', name: 7 }));

      expect(found).to.include('exportedAt: "exportedAt" is required and missing.');
      expect(found).to.include('drafts[0].current: "current" must be a number, not text "two".');
      expect(found).to.include('drafts[0].name: "name" must be text, not the number 7.');
      expect(found.join('\n')).not.to.contain('Invalid input');
    });

    it('reports a config strategy in the words parseConfig uses, with the bundle path', () => {
      const bad = {
        ...config('A'),
        idSyncConfiguration: [{ externalId: 'email', strategy: 'Last added', mapTo: 'EMAIL' }],
      };
      const own = parseConfig(bad).findings.find((f) => f.path.at(-1) === 'strategy')!;
      // The draft's other fields are broken too: the config is still read and reported.
      const found = problems(
        bundle(
          {},
          {
            current: 'one',
            revisions: [{ revision: 1, savedAt: 'x', kind: 'edit', config: bad }],
          },
        ),
      );

      expect(own.message).to.match(/"first".*"last".*"all"/);
      expect(found).to.include(
        `drafts[0].revisions[0].config.idSyncConfiguration[0].strategy: ${own.message}`,
      );
    });
  });
});
