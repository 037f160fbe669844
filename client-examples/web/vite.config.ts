import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Served by Tandem at /app (server/web_app.py), so every asset URL starts there. `npm run dev`
// proxies the API to a local `make run` so the page and /graphql share one origin, as in production.
export default defineConfig({
  base: "/app/",
  plugins: [react()],
  server: {
    proxy: { "/graphql": { target: "http://127.0.0.1:8000", ws: true } },
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
});
