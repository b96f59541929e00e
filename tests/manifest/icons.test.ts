import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkIcon, decodePng, drawColorIcon, drawOutlineIcon, ACCENT_COLOR } from '../../scripts/manifest/icons.cjs';
import { MANIFEST_DIR } from './helpers';

const color = decodePng(readFileSync(join(MANIFEST_DIR, 'color.png')));
const outline = decodePng(readFileSync(join(MANIFEST_DIR, 'outline.png')));

function pixel(png: { width: number; data: Buffer }, x: number, y: number): [number, number, number, number] {
  const i = (y * png.width + x) * 4;
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!];
}

describe('the colour icon', () => {
  it('is exactly 192×192 and fully opaque', () => {
    expect([color.width, color.height]).toEqual([192, 192]);
    for (let i = 3; i < color.data.length; i += 4) expect(color.data[i]).toBe(255);
  });

  it('has the accent colour as background, which the manifest also declares', () => {
    const accent = Number.parseInt(ACCENT_COLOR.slice(1), 16);
    expect(pixel(color, 2, 2)).toEqual([(accent >> 16) & 255, (accent >> 8) & 255, accent & 255, 255]);
    const manifest = JSON.parse(readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8')) as { accentColor: string };
    expect(manifest.accentColor.toUpperCase()).toBe(ACCENT_COLOR.toUpperCase());
  });

  it('keeps the artwork inside the 120×120 safe area in the middle', () => {
    const [br, bg, bb] = pixel(color, 0, 0);
    for (let y = 0; y < 192; y += 1) {
      for (let x = 0; x < 192; x += 1) {
        const inside = x >= 36 && x < 156 && y >= 36 && y < 156;
        if (inside) continue;
        const [r, g, b] = pixel(color, x, y);
        expect([x, y, r, g, b]).toEqual([x, y, br, bg, bb]);
      }
    }
  });
});

describe('the outline icon', () => {
  it('is exactly 32×32', () => {
    expect([outline.width, outline.height]).toEqual([32, 32]);
  });

  it('is transparent outside white strokes', () => {
    let visible = 0;
    let transparent = 0;
    for (let y = 0; y < 32; y += 1) {
      for (let x = 0; x < 32; x += 1) {
        const [r, g, b, a] = pixel(outline, x, y);
        if (a === 0) {
          transparent += 1;
          continue;
        }
        visible += 1;
        // Any pixel that shows at all is pure white (anti-aliased edges only lower the alpha).
        expect([x, y, r, g, b]).toEqual([x, y, 255, 255, 255]);
      }
    }
    expect(visible).toBeGreaterThan(60);
    expect(transparent).toBeGreaterThan((32 * 32) / 2);
    // The corners are background.
    for (const [x, y] of [
      [0, 0],
      [31, 0],
      [0, 31],
      [31, 31],
    ] as const)
      expect(pixel(outline, x, y)[3]).toBe(0);
  });

  it("passes the packager's own icon check, which rejects a coloured pixel", () => {
    const file = readFileSync(join(MANIFEST_DIR, 'outline.png'));
    expect(checkIcon('outline', file, 'outline.png')).toEqual([]);
    expect(checkIcon('color', readFileSync(join(MANIFEST_DIR, 'color.png')), 'color.png')).toEqual([]);
    expect(checkIcon('color', file, 'outline.png')).toEqual(['outline.png: is 32×32 pixels; the color icon must be exactly 192×192']);
  });
});

describe('the committed icons', () => {
  it('are exactly what scripts/make-icons.mjs draws (project artwork, reproducible)', () => {
    expect(Buffer.compare(drawColorIcon().data, color.data)).toBe(0);
    expect(Buffer.compare(drawOutlineIcon().data, outline.data)).toBe(0);
  });
});
