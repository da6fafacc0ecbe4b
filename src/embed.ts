/**
 * The single-file bundle a host loads with `<script type="module" src=".../idsync-studio.js">`:
 * it registers every element and exposes the same names as the package root.
 */
import './define.js';

export * from './index.js';
