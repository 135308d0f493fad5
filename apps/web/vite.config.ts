import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { PluginOption } from 'vite';

const apiTarget = 'http://localhost:3000';

// The server serves apps/web/dist with an SPA fallback; in development Vite proxies the API.
// npm hoists vitest's Vite 8 to the root, where @vitejs/plugin-react finds its types, while this
// workspace builds with its own Vite 7: the plugin object is the same at run time.
const plugins = [react() as unknown as PluginOption];

export default defineConfig({
  plugins,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/dev': { target: apiTarget, changeOrigin: false },
      '/health': { target: apiTarget, changeOrigin: false },
    },
  },
});
