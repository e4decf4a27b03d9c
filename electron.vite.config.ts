import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'

export default defineConfig({
  main: {
    build: {
      // better-sqlite3 and serialport stay in node_modules: their Node-API prebuilds load in
      // Electron as they are (docs/decisions/001-node-api-native-modules.md).
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      // A sandboxed preload must be CommonJS.
      rollupOptions: {
        // index: the hall bridge of our own pages; setup: the first-start chooser's.
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts'), setup: resolve(import.meta.dirname, 'src/preload/setup.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    plugins: [vue()],
    build: {
      // The same pages go to tablets and TVs over the hall's Wi-Fi: ship them minified.
      minify: true,
      rollupOptions: {
        // phone: the customer's phone page, its own small entry that shares nothing with the staff screens.
        input: {
          index: resolve(import.meta.dirname, 'src/renderer/index.html'),
          phone: resolve(import.meta.dirname, 'src/renderer/phone.html'),
          // hq: the head office's page, served by the centre (npm run central), not by a hub.
          hq: resolve(import.meta.dirname, 'src/renderer/hq.html'),
        },
        // ECharts' renderer (zrender) in a chunk of its own, beside the report's charts: no chunk
        // over 500 kB (test/e2e/bundle-sizes.test.ts), and both download in parallel.
        output: { codeSplitting: { groups: [{ name: 'zrender', test: /node_modules[\\/]zrender[\\/]/ }] } },
      },
    },
  },
})
