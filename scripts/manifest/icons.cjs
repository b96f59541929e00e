// @ts-check
'use strict';
/**
 * The app's two icons, drawn in code so the artwork is the project's own and can be regenerated
 * exactly (`node scripts/make-icons.mjs`), plus the checks the packager runs on icon files.
 *
 * Motif: a sluice gate (two posts and a beam over running water) with a lightbulb rising through it —
 * an idea passing the "sluice". Shapes are tested per sub-sample (4×4 per pixel) and averaged, which
 * gives smooth edges without any drawing library.
 */
const { PNG } = require('pngjs');

/** Colour icon size required by Teams (pixels). */
const COLOR_SIZE = 192;
/** Outline icon size required by Teams (pixels). */
const OUTLINE_SIZE = 32;
/** Accent colour used as the colour icon's background and as the manifest's accentColor. */
const ACCENT_COLOR = '#155E63';
const SUBSAMPLES = 4;

/** @typedef {readonly [number, number, number]} Rgb */
/** @typedef {{ color: Rgb, contains: (x: number, y: number) => boolean }} Shape */

/** @param {string} hex @returns {Rgb} */
function rgb(hex) {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** @param {number} x0 @param {number} y0 @param {number} x1 @param {number} y1 @param {number} [r] */
function roundedRect(x0, y0, x1, y1, r = 0) {
  /** @param {number} x @param {number} y */
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
}

/** @param {number} cx @param {number} cy @param {number} r */
function disc(cx, cy, r) {
  /** @param {number} x @param {number} y */
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** @param {number} cx @param {number} cy @param {number} rOuter @param {number} rInner */
function ring(cx, cy, rOuter, rInner) {
  /** @param {number} x @param {number} y */
  return (x, y) => {
    const d2 = (x - cx) ** 2 + (y - cy) ** 2;
    return d2 <= rOuter * rOuter && d2 >= rInner * rInner;
  };
}

/**
 * A band following a sine wave: |y - (base + amp·sin(x·freq))| <= half, for x0 <= x <= x1.
 * @param {number} x0 @param {number} x1 @param {number} base @param {number} amp @param {number} freq @param {number} half
 */
function wave(x0, x1, base, amp, freq, half) {
  /** @param {number} x @param {number} y */
  return (x, y) => x >= x0 && x <= x1 && Math.abs(y - (base + amp * Math.sin(x * freq))) <= half;
}

/** Shapes of the colour icon, back to front, in 192-pixel coordinates. */
function colorShapes() {
  const light = rgb('#EAF4F4');
  const water = rgb('#7FD1E0');
  const bulb = rgb('#FFC93C');
  const glow = rgb('#FFE49A');
  const socket = rgb('#B9D3D6');
  /** @type {Shape[]} */
  const shapes = [
    // Water running under the gate, in two bands.
    { color: water, contains: wave(58, 134, 135, 4, 0.16, 3.2) },
    { color: water, contains: wave(58, 134, 146, 4, 0.16, 3.2) },
    // Gate: beam and two posts (the whole motif stays inside the 120×120 safe area, 36..156).
    { color: light, contains: roundedRect(40, 40, 152, 54, 5) },
    { color: light, contains: roundedRect(42, 40, 56, 154, 5) },
    { color: light, contains: roundedRect(136, 40, 150, 154, 5) },
    // Lightbulb: glow, glass, socket with two threads.
    { color: glow, contains: disc(96, 88, 33) },
    { color: bulb, contains: disc(96, 88, 27) },
    { color: socket, contains: roundedRect(84, 112, 108, 132, 4) },
    { color: rgb('#8FB3B7'), contains: roundedRect(84, 118, 108, 121) },
    { color: rgb('#8FB3B7'), contains: roundedRect(84, 125, 108, 128) },
    // Filament: a small upward chevron of light in the glass (the idea rising).
    { color: rgb('#FFF6D5'), contains: (x, y) => y >= 78 && y <= 98 && Math.abs(Math.abs(x - 96) - (y - 78) * 0.55) <= 2.4 },
  ];
  return shapes;
}

/** Shapes of the outline icon (white strokes only), in 32-pixel coordinates. */
function outlineShapes() {
  const white = rgb('#FFFFFF');
  /** @type {Shape[]} */
  const shapes = [
    { color: white, contains: roundedRect(4, 4, 28, 6.4, 1) }, // beam
    { color: white, contains: roundedRect(4, 4, 6.4, 27, 1) }, // left post
    { color: white, contains: roundedRect(25.6, 4, 28, 27, 1) }, // right post
    { color: white, contains: ring(16, 13.6, 5.6, 3.6) }, // bulb glass
    { color: white, contains: roundedRect(13.4, 19.4, 18.6, 22.4, 0.8) }, // socket
    { color: white, contains: wave(8, 24, 25.6, 0.8, 0.95, 0.9) }, // water
  ];
  return shapes;
}

/**
 * Rasterises shapes. With a background every pixel is opaque; without one the alpha is the shape
 * coverage and the colour is the (single) stroke colour, so edges stay pure white in the outline icon.
 * @param {number} size @param {Shape[]} shapes @param {Rgb | undefined} background
 */
function render(size, shapes, background) {
  const png = new PNG({ width: size, height: size });
  const n = SUBSAMPLES * SUBSAMPLES;
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SUBSAMPLES; sy += 1) {
        for (let sx = 0; sx < SUBSAMPLES; sx += 1) {
          const x = px + (sx + 0.5) / SUBSAMPLES;
          const y = py + (sy + 0.5) / SUBSAMPLES;
          /** @type {Rgb | undefined} */
          let top = background;
          let hit = false;
          for (const shape of shapes) {
            if (shape.contains(x, y)) {
              top = shape.color;
              hit = true;
            }
          }
          if (hit) covered += 1;
          if (top) {
            r += top[0];
            g += top[1];
            b += top[2];
          }
        }
      }
      const i = (py * size + px) * 4;
      if (background) {
        png.data[i] = Math.round(r / n);
        png.data[i + 1] = Math.round(g / n);
        png.data[i + 2] = Math.round(b / n);
        png.data[i + 3] = 255;
      } else {
        const alpha = Math.round((covered / n) * 255);
        const on = alpha > 0;
        png.data[i] = on ? 255 : 0;
        png.data[i + 1] = on ? 255 : 0;
        png.data[i + 2] = on ? 255 : 0;
        png.data[i + 3] = alpha;
      }
    }
  }
  return png;
}

/** Draws the 192×192 colour icon. @returns {PNG} */
function drawColorIcon() {
  return render(COLOR_SIZE, colorShapes(), rgb(ACCENT_COLOR));
}

/** Draws the 32×32 outline icon: white strokes on a fully transparent background. @returns {PNG} */
function drawOutlineIcon() {
  return render(OUTLINE_SIZE, outlineShapes(), undefined);
}

/** @param {PNG} png @returns {Buffer} */
function encodePng(png) {
  return PNG.sync.write(png, { colorType: 6 });
}

/**
 * Decodes a PNG into RGBA pixels.
 * @param {Buffer} buffer
 * @returns {{ width: number, height: number, data: Buffer }}
 */
function decodePng(buffer) {
  const png = PNG.sync.read(buffer);
  return { width: png.width, height: png.height, data: png.data };
}

/**
 * Checks an icon file against Teams' rules and returns the problems found (empty when it passes).
 * Colour: exactly 192×192. Outline: exactly 32×32, every pixel either fully transparent or pure white
 * (white with partial alpha is allowed at stroke edges), and at least some visible strokes.
 * @param {'color' | 'outline'} kind
 * @param {Buffer} buffer
 * @param {string} label file name used in messages
 * @returns {string[]}
 */
function checkIcon(kind, buffer, label) {
  /** @type {{ width: number, height: number, data: Buffer }} */
  let png;
  try {
    png = decodePng(buffer);
  } catch (error) {
    return [`${label}: is not a readable PNG file (${error instanceof Error ? error.message : String(error)})`];
  }
  const expected = kind === 'color' ? COLOR_SIZE : OUTLINE_SIZE;
  if (png.width !== expected || png.height !== expected) {
    return [`${label}: is ${png.width}×${png.height} pixels; the ${kind} icon must be exactly ${expected}×${expected}`];
  }
  if (kind === 'color') return [];
  let visible = 0;
  let offending = 0;
  /** @type {string | undefined} */
  let first;
  for (let i = 0; i < png.data.length; i += 4) {
    const alpha = png.data[i + 3] ?? 0;
    if (alpha === 0) continue;
    visible += 1;
    if (png.data[i] !== 255 || png.data[i + 1] !== 255 || png.data[i + 2] !== 255) {
      offending += 1;
      if (first === undefined) {
        const p = i / 4;
        first = `(${p % png.width}, ${Math.floor(p / png.width)})`;
      }
    }
  }
  /** @type {string[]} */
  const problems = [];
  if (offending > 0) {
    problems.push(
      `${label}: ${offending} visible pixel(s) are not white, first at ${first}; the outline icon must be white strokes on a transparent background`,
    );
  }
  if (visible === 0) problems.push(`${label}: is fully transparent; the outline icon needs white strokes`);
  if (visible === png.width * png.height) problems.push(`${label}: has no transparent pixels; its background must be transparent`);
  return problems;
}

module.exports = {
  ACCENT_COLOR,
  COLOR_SIZE,
  OUTLINE_SIZE,
  drawColorIcon,
  drawOutlineIcon,
  encodePng,
  decodePng,
  checkIcon,
};
