import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Tests run the sources: the package's "#node-files" import would otherwise resolve into dist/.
  resolve: { alias: { "#node-files": fileURLToPath(new URL("./src/io/node-files.ts", import.meta.url)) } },
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
