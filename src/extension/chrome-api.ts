/**
 * The slice of the `chrome.*` extension API this extension uses, typed here rather than through
 * a global type package, so that only `src/extension/` can reach `chrome` at all.
 */

export interface ChromeTab {
  id?: number;
  windowId: number;
  active: boolean;
  /** Present only where the extension may see it: its own pages, or a tab granted by activeTab. */
  url?: string;
}

export interface MessageSender {
  id?: string;
  url?: string;
  tab?: ChromeTab;
}

interface ChromeEvent<Listener> {
  addListener(listener: Listener): void;
  removeListener(listener: Listener): void;
}

type MessageListener = (
  message: unknown,
  sender: MessageSender,
  sendResponse: (response: unknown) => void,
) => boolean | undefined | void;

interface InjectionTarget {
  tabId: number;
  frameIds?: number[];
  allFrames?: boolean;
}

type ScriptInjection<Args extends unknown[]> =
  | { target: InjectionTarget; files: string[]; world?: 'ISOLATED' | 'MAIN' }
  | {
      target: InjectionTarget;
      func: (...args: Args) => unknown;
      args?: Args;
      world?: 'ISOLATED' | 'MAIN';
    };

export interface ChromeApi {
  runtime: {
    id: string;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: ChromeEvent<MessageListener>;
  };
  tabs: {
    query(query: { active?: boolean; currentWindow?: boolean }): Promise<ChromeTab[]>;
    getCurrent(): Promise<ChromeTab | undefined>;
    get(tabId: number): Promise<ChromeTab>;
  };
  scripting: {
    executeScript<Args extends unknown[]>(
      injection: ScriptInjection<Args>,
    ): Promise<Array<{ frameId: number; result?: unknown }>>;
  };
  action: {
    onClicked: ChromeEvent<(tab: ChromeTab) => void>;
  };
  sidePanel: {
    open(options: { tabId?: number; windowId?: number }): Promise<void>;
  };
}

/** `chrome` as this extension sees it. Content scripts get only `runtime` of it. */
export function chromeApi(): ChromeApi {
  return (globalThis as unknown as { chrome: ChromeApi }).chrome;
}
