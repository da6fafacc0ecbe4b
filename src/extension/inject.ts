/**
 * Starting the inspector on a tab: what the side panel's "Inspect this tab" button runs.
 *
 * The extension holds no host permission. Access to a page comes from `activeTab`, which Chrome
 * grants on the tab where the user clicked the extension's toolbar icon, until that tab navigates
 * to another origin or closes. Without it `executeScript` fails, and the panel says what to do.
 */
import { chromeApi, type ChromeTab } from './chrome-api.js';
import { INSPECTOR_SLOT } from './inspector-slot.js';
import { RELAYED_DETAIL_FIELDS } from './messages.js';
import { pageRelay } from './page-relay.js';

export class InspectError extends Error {
  override name = 'InspectError';
}

/** The tab "Inspect this tab" means: the active tab of the window the panel belongs to. */
export async function activeTab(): Promise<ChromeTab> {
  const chrome = chromeApi();
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  const self = await chrome.tabs.getCurrent();

  if (!tab || tab.id === undefined) throw new InspectError('There is no active tab to inspect.');
  // Opened as a tab (chrome-extension://…/sidepanel.html), the panel would otherwise inspect itself.
  if (self && self.id === tab.id) {
    throw new InspectError(
      'This panel is the active tab. Switch to the page to inspect, click the idsync-studio ' +
        'toolbar icon there, then press "Inspect this tab".',
    );
  }
  return tab;
}

/** Injects the page-world relay and the content script into a tab, and starts a new session.
 * Returns the session id the content script's messages carry. */
export async function inspectTab(tabId: number): Promise<string> {
  const chrome = chromeApi();
  const session = crypto.randomUUID();

  try {
    // The content script first, so it is listening before the relay posts anything.
    await chrome.scripting.executeScript({ target: { tabId }, files: ['inspector.js'] });
    await chrome.scripting.executeScript({
      target: { tabId },
      func: startContentScript,
      args: [INSPECTOR_SLOT, session],
    });
    await chrome.scripting.executeScript({
      target: { tabId },
      world: 'MAIN',
      func: pageRelay,
      args: [session, RELAYED_DETAIL_FIELDS],
    });
  } catch (error) {
    throw new InspectError(explainInjectionFailure(error));
  }
  return session;
}

/** Runs in the content script's world; serialised by `executeScript`, so self-contained. */
function startContentScript(slot: string, session: string): void {
  const start = (globalThis as unknown as Record<symbol, ((s: string) => void) | undefined>)[
    Symbol.for(slot)
  ];
  if (!start) throw new Error('the inspector content script did not load');
  start(session);
}

function explainInjectionFailure(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);

  if (/cannot access|must request permission|cannot be scripted/i.test(reason)) {
    return (
      'This tab has not granted access. Click the idsync-studio toolbar icon while this tab is ' +
      `active, then press "Inspect this tab" again. (Chrome said: ${reason})`
    );
  }
  return `The inspector could not start on this tab: ${reason}`;
}
