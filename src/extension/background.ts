/**
 * The service worker: opens the side panel when the user clicks the toolbar icon.
 *
 * It listens to `action.onClicked` rather than setting `openPanelOnActionClick`, because only a
 * click delivered to the extension counts as invoking it on the page, and that is what grants
 * `activeTab` on the tab, which the inspector needs (the extension holds no host permissions).
 */
import { chromeApi } from './chrome-api.js';

chromeApi().action.onClicked.addListener((tab) => {
  // Called before any await: `sidePanel.open` is allowed only while the click's gesture lasts.
  chromeApi()
    .sidePanel.open({ windowId: tab.windowId })
    .catch((error: unknown) => {
      // Nothing on screen to report to from here; the panel simply stays closed.
      console.warn('idsync-studio: the side panel did not open:', error);
    });
});
