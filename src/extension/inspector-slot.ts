/** Where the content script leaves its `start` function for `inject.ts` to call: a global symbol
 * key in the content script's isolated world (never visible to the page). */
export const INSPECTOR_SLOT = 'idsync-studio.inspector';
