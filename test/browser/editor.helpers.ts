/**
 * Finds controls the way a person (or a screen reader) does: by role and accessible name,
 * across shadow roots. Covers the roles and naming rules the studio's elements use.
 */

const IMPLICIT_ROLES: [string, (el: Element) => boolean][] = [
  ['button', (el) => el.localName === 'button'],
  ['checkbox', (el) => el.localName === 'input' && (el as HTMLInputElement).type === 'checkbox'],
  ['radio', (el) => el.localName === 'input' && (el as HTMLInputElement).type === 'radio'],
  [
    'combobox',
    (el) =>
      (el.localName === 'select' && !(el as HTMLSelectElement).multiple) ||
      (el.localName === 'input' &&
        (el as HTMLInputElement).type === 'text' &&
        el.hasAttribute('list')),
  ],
  [
    'textbox',
    (el) =>
      el.localName === 'textarea' ||
      (el.localName === 'input' &&
        (el as HTMLInputElement).type === 'text' &&
        !el.hasAttribute('list')),
  ],
  ['group', (el) => el.localName === 'fieldset'],
  ['option', (el) => el.localName === 'option'],
];

export function roleOf(el: Element): string | undefined {
  const explicit = el.getAttribute('role');
  if (explicit) return explicit;
  return IMPLICIT_ROLES.find(([, test]) => test(el))?.[0];
}

function text(el: Node): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The accessible name, from aria-label, aria-labelledby, a label, a legend or the content. */
export function nameOf(el: Element): string {
  const label = el.getAttribute('aria-label');
  if (label) return label.trim();

  const root = el.getRootNode() as Document | ShadowRoot;
  const labelledBy = el.getAttribute('aria-labelledby');
  if (labelledBy) {
    return labelledBy
      .split(/\s+/)
      .map((id) => root.getElementById(id))
      .filter((n): n is HTMLElement => n !== null)
      .map(text)
      .join(' ');
  }

  if ('labels' in el && (el as HTMLInputElement).labels?.length) {
    return [...(el as HTMLInputElement).labels!].map(text).join(' ');
  }

  if (el.localName === 'fieldset') {
    const legend = el.querySelector(':scope > legend');
    if (legend) return text(legend);
  }

  if (el.localName === 'button' || el.localName === 'option') return text(el);
  return '';
}

/** Every element under `root`, shadow trees included, in document order. */
export function* deepElements(root: Element | ShadowRoot | Document): Generator<Element> {
  for (const el of root.querySelectorAll('*')) {
    yield el;
    if (el.shadowRoot) yield* deepElements(el.shadowRoot);
  }
}

function scopeOf(root: Element | ShadowRoot): Element | ShadowRoot {
  return root instanceof Element && root.shadowRoot ? root.shadowRoot : root;
}

/** All elements with this role (and name, when given) under `root`, through shadow roots. */
export function allByRole<T extends Element = HTMLElement>(
  root: Element | ShadowRoot,
  role: string,
  name?: string | RegExp,
): T[] {
  return [...deepElements(scopeOf(root))].filter((el) => {
    if (roleOf(el) !== role) return false;
    if (name === undefined) return true;
    const accessible = nameOf(el);
    return typeof name === 'string' ? accessible === name : name.test(accessible);
  }) as T[];
}

/** The one element with this role and name; throws a readable error otherwise. */
export function getByRole<T extends Element = HTMLElement>(
  root: Element | ShadowRoot,
  role: string,
  name?: string | RegExp,
): T {
  const found = allByRole<T>(root, role, name);
  if (found.length !== 1) {
    const names = allByRole(root, role).map((el) => `"${nameOf(el)}"`);
    throw new Error(
      `Expected one ${role} named ${String(name)}, found ${found.length}. ` +
        `${role}s present: ${names.join(', ') || 'none'}`,
    );
  }
  return found[0];
}

/** The text of the elements an element's aria-describedby points at. */
export function descriptionOf(el: Element): string {
  const root = el.getRootNode() as Document | ShadowRoot;
  return (el.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => root.getElementById(id))
    .filter((n): n is HTMLElement => n !== null)
    .map(text)
    .join(' ');
}

/** Picks an option in a select like a user: sets the value and fires input and change. */
export function choose(select: HTMLSelectElement, value: string): void {
  if (![...select.options].some((o) => o.value === value)) {
    throw new Error(`No option ${value} in ${nameOf(select)}`);
  }
  select.value = value;
  select.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** Types into a text field like a user: replaces the value and fires input. */
export function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** The element that has focus, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** The row group "Identifier N" of an editor. */
export function row(root: Element | ShadowRoot, n: number): HTMLElement {
  return getByRole(root, 'group', `Identifier ${n}`);
}
