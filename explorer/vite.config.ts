import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The explorer the gateway serves at /graphiql/ (gateway/src/server.ts); built by
// `npm run build:explorer`, or by `npm start` and the tests when the build is missing or stale.
export default defineConfig({
  base: '/graphiql/',
  plugins: [react()],
  build: {
    // GraphiQL with CodeMirror is one large bundle; it is served from the gateway, not a CDN.
    chunkSizeWarningLimit: 4000,
  },
});
