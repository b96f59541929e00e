/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.m?(t|j)sx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript', tsx: true, decorators: false }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  // Lets TypeScript sources use `import('./x.js')` (needed for lazy imports under Node16 resolution).
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // adaptivecards (and its carousel's swiper) and strip-bom (used by @microsoft/app-manifest) and jose (tab API tokens) ship ES modules only; let the transformer turn them into CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(adaptivecards|swiper|ssr-window|dom7|strip-bom|jose)/)'],
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 60000,
  // Something a suite of this wave leaves open keeps the process alive after every test has
  // finished (all results are in); end the run then, so CI neither hangs nor hides a failure.
  forceExit: true,
};
