import { defineConfig } from 'vitest/config';

// Unit tests cover pure TypeScript only, so they need no Svelte plugin.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
