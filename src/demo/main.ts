/**
 * The demo admin console: a host page written only against the package's public contract, the
 * way an admin console would embed the studio.
 */
import 'idsync-studio/define';
import { destinations, toPublicApi } from 'idsync-studio/core';
import type { IdsyncFinalizeEvent, IdsyncStudio } from 'idsync-studio';

interface DemoAudience {
  key: string;
  name: string;
  includeAnonymousUsers: boolean;
}

const AUDIENCES: DemoAudience[] = [
  { key: 'vip', name: 'VIP customers', includeAnonymousUsers: false },
  { key: 'cart_abandoners', name: 'Cart abandoners (last 7 days)', includeAnonymousUsers: true },
  { key: 'lapsed_subscribers', name: 'Lapsed subscribers', includeAnonymousUsers: false },
];

const studio = document.querySelector<IdsyncStudio>('#studio')!;
const audienceSelect = document.querySelector<HTMLSelectElement>('#audience')!;
const destinationSelect = document.querySelector<HTMLSelectElement>('#destination')!;
const draftKeyOut = document.querySelector<HTMLElement>('#draft-key')!;
const audienceNote = document.querySelector<HTMLElement>('#audience-note')!;
const title = document.querySelector<HTMLElement>('#title')!;
const log = document.querySelector<HTMLOListElement>('#log')!;
const logEmpty = document.querySelector<HTMLElement>('#log-empty')!;
const themeToggle = document.querySelector<HTMLInputElement>('#theme')!;

for (const audience of AUDIENCES) audienceSelect.add(new Option(audience.name, audience.key));
for (const destination of destinations) {
  destinationSelect.add(new Option(`${destination.name} (${destination.kind})`, destination.id));
}

// The picker state lives in the URL so a reload comes back to the same connection.
const params = new URLSearchParams(location.search);
audienceSelect.value = params.get('audience') ?? AUDIENCES[0].key;
destinationSelect.value = params.get('destination') ?? 'braze';

function connect(): void {
  const audience = AUDIENCES.find((a) => a.key === audienceSelect.value) ?? AUDIENCES[0];
  const destination = destinationSelect.value;
  const draftKey = `${audience.key}:${destination}`;

  studio.destination = destination;
  studio.audience = { key: audience.key, includeAnonymousUsers: audience.includeAnonymousUsers };
  studio.draftKey = draftKey;

  draftKeyOut.textContent = draftKey;
  audienceNote.textContent = `Audience key ${audience.key}; Include Anonymous Users is ${
    audience.includeAnonymousUsers ? 'on' : 'off'
  } for this audience.`;
  title.textContent = `ID Sync · ${audience.name} → ${
    destinations.find((d) => d.id === destination)?.name ?? destination
  }`;
  history.replaceState(null, '', `?audience=${audience.key}&destination=${destination}`);
}

audienceSelect.addEventListener('change', connect);
destinationSelect.addEventListener('change', connect);
themeToggle.addEventListener('change', () => {
  document.body.classList.toggle('acme-theme', themeToggle.checked);
});

studio.addEventListener('idsync-finalize', (event: IdsyncFinalizeEvent) => {
  const { config } = event.detail;
  const { body, findings } = toPublicApi(config, { mode: 'update' });

  const item = document.createElement('li');
  const heading = document.createElement('p');
  heading.textContent = `${new Date().toLocaleTimeString()} · ${config.destination} · ${
    config.setup === 'customized'
      ? `Customized Setup, ${config.idSyncConfiguration.length} identifier(s)`
      : 'Default Setup'
  }`;
  const received = document.createElement('pre');
  received.textContent = JSON.stringify(config, null, 2);
  const apiTitle = document.createElement('p');
  apiTitle.textContent = 'Public API update body:';
  const api = document.createElement('pre');
  api.textContent = JSON.stringify(body, null, 2);
  const notes = document.createElement('ul');
  for (const finding of findings) {
    const li = document.createElement('li');
    li.textContent = `${finding.severity}: ${finding.message}`;
    notes.append(li);
  }
  item.append(heading, received, apiTitle, api, notes);
  log.prepend(item);
  logEmpty.hidden = true;
});

connect();
