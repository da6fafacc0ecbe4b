#!/usr/bin/env node
/**
 * Draws the extension's toolbar and store icons (16, 32, 48, 128 px) and writes them as PNG to
 * public/icons/. Chrome does not accept SVG for extension icons, and a tiny encoder on top of
 * node:zlib keeps the build free of an image dependency. Run it again after changing the design;
 * the PNGs are committed so a build needs nothing but Vite.
 *
 * The design: a rounded square in the studio's accent blue holding two white rings that overlap,
 * two identities being matched.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const SIZES = [16, 32, 48, 128];
const ACCENT = [37, 99, 235];
const WHITE = [255, 255, 255];
const outDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');

/** Coverage (0..1) of a pixel by a shape, estimated on a 4 x 4 grid of sample points. */
function coverage(x, y, inside) {
  let hits = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) if (inside(x + (i + 0.5) / 4, y + (j + 0.5) / 4)) hits++;
  }
  return hits / 16;
}

function roundedSquare(size) {
  const r = size * 0.22;
  return (px, py) => {
    const dx = Math.max(r - px, 0, px - (size - r));
    const dy = Math.max(r - py, 0, py - (size - r));
    return dx * dx + dy * dy <= r * r;
  };
}

function ring(cx, cy, radius, width) {
  return (px, py) => {
    const d = Math.hypot(px - cx, py - cy);
    return d <= radius && d >= radius - width;
  };
}

/** RGBA pixels of one icon. */
function draw(size) {
  const square = roundedSquare(size);
  const radius = size * 0.24;
  const width = Math.max(size * 0.085, 1.4);
  const left = ring(size * 0.38, size * 0.5, radius, width);
  const right = ring(size * 0.62, size * 0.5, radius, width);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const base = coverage(x, y, square);
      const mark = coverage(x, y, (px, py) => left(px, py) || right(px, py));
      const o = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) {
        pixels[o + c] = Math.round(ACCENT[c] * (1 - mark) + WHITE[c] * mark);
      }
      pixels[o + 3] = Math.round(255 * base);
    }
  }
  return pixels;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A truecolour-with-alpha PNG, each scanline unfiltered (filter byte 0). */
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type: RGBA
  const rows = [];
  for (let y = 0; y < size; y++) {
    rows.push(Buffer.from([0]), rgba.subarray(y * size * 4, (y + 1) * size * 4));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(outDir, { recursive: true });
for (const size of SIZES) {
  writeFileSync(resolve(outDir, `icon-${size}.png`), png(size, draw(size)));
}
process.stdout.write(`wrote ${SIZES.map((s) => `icon-${s}.png`).join(', ')}\n`);
