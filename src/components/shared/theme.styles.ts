import { css } from 'lit';

/**
 * The palette every element reads. Each colour, space and radius reads a public `--idsync-*`
 * custom property first, so one host theme covers the whole studio without reaching into a shadow
 * root; the private `--_*` values hold the fallbacks, which follow the user's colour scheme. An
 * element adds its own tokens (or a different fallback) in its own styles, listed after this one.
 *
 * The host wraps anywhere because a pasted key or id has no spaces: it must wrap rather than widen
 * the panel. (Comments sit here rather than in the CSS, which ships as written.)
 */
export const themeTokens = css`
  :host {
    --_fg: var(--idsync-color-text, #1d232b);
    --_muted: var(--idsync-color-muted, #4d5763);
    --_bg: var(--idsync-color-surface, #ffffff);
    --_bg-alt: var(--idsync-color-surface-alt, #f3f5f7);
    --_border: var(--idsync-color-border, #8a94a0);
    --_accent: var(--idsync-color-accent, #1f5fbf);
    --_accent-fg: var(--idsync-color-accent-text, #ffffff);
    --_error: var(--idsync-color-error, #a3141e);
    --_error-bg: var(--idsync-color-error-surface, #fdeeee);
    --_warning: var(--idsync-color-warning, #7a4b00);
    --_warning-bg: var(--idsync-color-warning-surface, #fff6e0);
    --_focus: var(--idsync-focus-ring, #1f5fbf);
    --_radius: var(--idsync-radius, 6px);
    --_space: var(--idsync-space, 0.75rem);

    display: block;
    color: var(--_fg);
    background: var(--_bg);
    font: var(--idsync-font, 0.95rem/1.45 system-ui, sans-serif);
    overflow-wrap: anywhere;
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_fg: var(--idsync-color-text, #e7eaee);
      --_muted: var(--idsync-color-muted, #b4bcc6);
      --_bg: var(--idsync-color-surface, #161a1f);
      --_bg-alt: var(--idsync-color-surface-alt, #222831);
      --_border: var(--idsync-color-border, #6f7a87);
      --_accent: var(--idsync-color-accent, #8ab4f8);
      --_accent-fg: var(--idsync-color-accent-text, #10151c);
      --_error: var(--idsync-color-error, #ffb4ab);
      --_error-bg: var(--idsync-color-error-surface, #3b1519);
      --_warning: var(--idsync-color-warning, #ffd58a);
      --_warning-bg: var(--idsync-color-warning-surface, #33290f);
      --_focus: var(--idsync-focus-ring, #8ab4f8);
    }
  }
`;

/**
 * Rules every element applies the same way: the shape of a button, the keyboard focus ring and
 * the text kept for screen readers only. Padding, colour and states stay with each element.
 *
 * The focus ring's selector sits in `:where()`, so it weighs no more than a bare `:focus-visible`
 * and an element's own ring, listed later, overrides it.
 */
export const baseControls = css`
  button {
    font: inherit;
    cursor: pointer;
    background: var(--_bg-alt);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  :where(button, input, select, textarea, summary, a, [tabindex]):focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
