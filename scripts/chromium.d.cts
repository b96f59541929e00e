import type { BrowserContext, BrowserContextOptions } from 'playwright-core';

export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: readonly string[];
export declare function launchLocalChromium(options: {
  allowedOrigins: string[];
  extraArgs?: string[];
  contextOptions?: BrowserContextOptions;
}): Promise<{ context: BrowserContext; blocked: string[]; close(): Promise<void> }>;
