// Builds Townhall Admin into dist/ (which the binary embeds): the GOV.UK Frontend styles compiled with Sass (Arial
// instead of GDS Transport, which only GOV.UK may use), the app bundled and minified with esbuild, and its page.
// The output depends only on the sources and the lock file, so CI can rebuild it and compare with what is committed.
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as sass from "sass";

const here = import.meta.dirname;
const dist = join(here, "dist");
const tests = process.argv.includes("--tests");

if (tests) {
  // The unit tests of the client's logic, bundled for Node's test runner.
  const out = join(here, ".test-build");
  rmSync(out, { recursive: true, force: true });
  await build({
    entryPoints: [join(here, "test", "*.test.ts")],
    outdir: out,
    bundle: true,
    platform: "node",
    format: "esm",
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
  });
} else {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  const css = sass.compile(join(here, "src", "styles.scss"), {
    loadPaths: [join(here, "node_modules")],
    style: "compressed",
    quietDeps: true,
    silenceDeprecations: ["import", "global-builtin"],
  });
  writeFileSync(join(dist, "app.css"), css.css + "\n");
  await build({
    entryPoints: [join(here, "src", "main.tsx")],
    outfile: join(dist, "app.js"),
    bundle: true,
    minify: true,
    format: "esm",
    target: ["chrome110", "firefox110", "safari16"],
    jsx: "automatic",
    jsxImportSource: "preact",
    legalComments: "none",
    logLevel: "warning",
  });
  cpSync(join(here, "src", "index.html"), join(dist, "index.html"));
  const images = join(here, "node_modules", "govuk-frontend", "dist", "govuk", "assets", "images");
  mkdirSync(join(dist, "assets", "images"), { recursive: true });
  cpSync(join(images, "favicon.svg"), join(dist, "assets", "images", "favicon.svg"));
}
