import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The webgpu tests run npm webgpu (Dawn) on SwiftShader, the CPU Vulkan driver in Debian's chromium package.
// The test workers are forked from this process, so they inherit these (the loader reads LD_LIBRARY_PATH at start).
const chromium = "/usr/lib/chromium";
if (existsSync(`${chromium}/vk_swiftshader_icd.json`)) {
  process.env["VK_ICD_FILENAMES"] ??= `${chromium}/vk_swiftshader_icd.json`;
  process.env["LD_LIBRARY_PATH"] = [process.env["LD_LIBRARY_PATH"], chromium].filter((p) => p).join(":");
}

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
