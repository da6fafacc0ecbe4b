// The host's own listener: what the page itself received, so the test can compare it with what
// the extension's inspector relayed.
window.hostReceived = [];
for (const type of ['idsync-change', 'idsync-finalize', 'idsync-draft-saved']) {
  document.getElementById('studio').addEventListener(type, (event) => {
    window.hostReceived.push({ type, detail: JSON.parse(JSON.stringify(event.detail)) });
  });
}
