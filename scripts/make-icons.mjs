#!/usr/bin/env node
/**
 * Draws the Teams app icons into manifest/: color.png (192×192) and outline.png (32×32, white on
 * transparent). The artwork lives in scripts/manifest/icons.cjs; run this after changing it:
 *
 *   node scripts/make-icons.mjs
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { drawColorIcon, drawOutlineIcon, encodePng } = require('./manifest/icons.cjs');

const manifestDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'manifest');
writeFileSync(join(manifestDir, 'color.png'), encodePng(drawColorIcon()));
writeFileSync(join(manifestDir, 'outline.png'), encodePng(drawOutlineIcon()));
process.stdout.write(`Wrote ${join('manifest', 'color.png')} and ${join('manifest', 'outline.png')}\n`);
