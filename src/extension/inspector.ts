/**
 * The inspector's content script, injected into the inspected tab's isolated world as a classic
 * script (`inspector.js`, built on its own so it has no imports).
 *
 * It receives what the page-world relay (`page-relay.ts`) re-posts on this session's channel,
 * validates it, and forwards only valid studio events, with the time and the page's origin and
 * path, to the side panel. Everything else on the channel is counted and reported as rejected.
 */
import { chromeApi } from './chrome-api.js';
import { describeIssues, InspectedEvent, type InspectorMessage, PagePost } from './messages.js';
import { INSPECTOR_SLOT } from './inspector-slot.js';
import { z } from '../core/zod-setup.js';

type Start = (session: string) => void;

let current: AbortController | undefined;

function start(session: string): void {
  // Re-inspecting the tab starts a new session; the old channel goes quiet.
  current?.abort();
  current = new AbortController();
  let rejected = 0;

  const page = `${location.origin}${location.pathname}`;
  const send = (message: InspectorMessage): void => {
    // With no side panel open nobody receives the message; that is not an error for the page.
    chromeApi()
      .runtime.sendMessage(message)
      .catch(() => undefined);
  };

  const reject = (reason: string): void => {
    rejected += 1;
    send({ kind: 'idsync-inspector-rejected', session, page, total: rejected, reason });
  };

  window.addEventListener(
    'message',
    (message: MessageEvent<unknown>) => {
      if (message.source !== window) return;

      const data = message.data;
      const onChannel =
        data !== null &&
        typeof data === 'object' &&
        (data as { channel?: unknown }).channel === session;
      // Other posts belong to the page; only ours are judged.
      if (!onChannel) return;

      const post = z.safeParse(PagePost, data);
      if (!post.success) return reject(describeIssues(post.error));

      const event = z.safeParse(InspectedEvent, post.data.event);
      if (!event.success) return reject(describeIssues(event.error));

      send({
        kind: 'idsync-inspector-event',
        session,
        time: post.data.time,
        page,
        event: event.data,
      });
    },
    { signal: current.signal },
  );
}

(globalThis as unknown as Record<symbol, Start>)[Symbol.for(INSPECTOR_SLOT)] = start;
