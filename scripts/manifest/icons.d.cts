/** Types for icons.cjs (the app icons, drawn in code). */
import type { PNG } from 'pngjs';

export declare const ACCENT_COLOR: string;
export declare const COLOR_SIZE: 192;
export declare const OUTLINE_SIZE: 32;

/** Draws the 192×192 colour icon. */
export declare function drawColorIcon(): PNG;
/** Draws the 32×32 outline icon: white strokes on a fully transparent background. */
export declare function drawOutlineIcon(): PNG;
export declare function encodePng(png: PNG): Buffer;
export declare function decodePng(buffer: Buffer): { width: number; height: number; data: Buffer };
/** Problems with an icon file (empty when it passes Teams' rules). */
export declare function checkIcon(kind: 'color' | 'outline', buffer: Buffer, label: string): string[];
