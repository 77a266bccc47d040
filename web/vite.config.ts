import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev` proxies the API to a running `musicvideo serve` (MV_API_TARGET, default http://127.0.0.1:5000),
// so the dev server and the built files call the same relative URLs.
const target = process.env.MV_API_TARGET ?? "http://127.0.0.1:5000";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": target,
      "/runtime": target,
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
});
