import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The pipeline tab: built into tab/dist and served by the server under /tab/.
 * `npm run build:tab` (from the project root) runs this.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/tab/',
  plugins: [react()],
  // Nothing is fetched from a CDN; the tab only talks to its own server.
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The idea panel, persona picker and Teams SDK are separate chunks; the first paint needs none of them.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
