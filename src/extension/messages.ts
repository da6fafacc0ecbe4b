/**
 * What crosses the inspector's two boundaries, as zod schemas:
 *
 * 1. page -> content script: the page-world relay re-posts a studio event with `window.postMessage`
 *    under a channel tag known only to this inspector session (`PagePost`);
 * 2. content script -> side panel: `chrome.runtime.sendMessage` carries a relayed event or a count
 *    of posts the content script refused (`InspectorMessage`).
 *
 * Each side validates what it receives and counts what fails; nothing is trusted for having the
 * right tag, because the page can read and forge anything posted in it.
 */
import { IdSyncConfig } from '../core/schema.js';
import { z } from '../core/zod-setup.js';

/** The studio events the inspector relays, and nothing else. */
export const INSPECTED_EVENT_TYPES = [
  'idsync-change',
  'idsync-finalize',
  'idsync-draft-saved',
] as const;
export type InspectedEventType = (typeof INSPECTED_EVENT_TYPES)[number];

/** Which fields of each event's `detail` are relayed; the page-world relay copies only these. */
export const RELAYED_DETAIL_FIELDS: Record<InspectedEventType, readonly string[]> = {
  'idsync-change': ['config', 'findings'],
  'idsync-finalize': ['config'],
  'idsync-draft-saved': ['draftKey', 'revision'],
};

const FindingShape = z.strictObject({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
});

const ChangeEvent = z.strictObject({
  type: z.literal('idsync-change'),
  detail: z.strictObject({ config: IdSyncConfig, findings: z.array(FindingShape) }),
});

const FinalizeEvent = z.strictObject({
  type: z.literal('idsync-finalize'),
  detail: z.strictObject({ config: IdSyncConfig }),
});

const DraftSavedEvent = z.strictObject({
  type: z.literal('idsync-draft-saved'),
  detail: z.strictObject({
    draftKey: z.string(),
    revision: z.int().check(z.positive()),
  }),
});

/** One studio event with its detail, as relayed. */
export const InspectedEvent = z.discriminatedUnion('type', [
  ChangeEvent,
  FinalizeEvent,
  DraftSavedEvent,
]);
export type InspectedEvent = z.infer<typeof InspectedEvent>;

/** Milliseconds since the epoch. */
const EpochMs = z.number().check(z.nonnegative());

/** What the page-world relay posts. `event` stays unknown here: it is checked on its own, so a
 * bad detail is counted as a rejected event rather than ignored as someone else's post. */
export const PagePost = z.strictObject({
  channel: z.string(),
  time: EpochMs,
  event: z.unknown(),
});
export type PagePost = z.infer<typeof PagePost>;

/** The content script's messages to the side panel. */
export const InspectorMessage = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('idsync-inspector-event'),
    session: z.string(),
    /** When the page saw the event. */
    time: EpochMs,
    /** The page's origin and path (query and fragment are left out: they may carry secrets). */
    page: z.string(),
    event: InspectedEvent,
  }),
  z.strictObject({
    kind: z.literal('idsync-inspector-rejected'),
    session: z.string(),
    page: z.string(),
    /** Posts on this session's channel that failed validation, counted since injection. */
    total: z.int().check(z.nonnegative()),
    /** The first validation issue of the latest rejected post, for the panel to show. */
    reason: z.string(),
  }),
]);
export type InspectorMessage = z.infer<typeof InspectorMessage>;

/** A one-line summary of a failed zod parse: where and what. */
export function describeIssues(error: { issues: ReadonlyArray<z.core.$ZodIssue> }): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid message';

  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'message';
  return `${where}: ${issue.message}`;
}
