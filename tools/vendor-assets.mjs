// Copies the browser files Townhall embeds from node_modules (installed by `npm ci` from package-lock.json) into
// assets/vendor/, where the binary embeds them (src/graphql/graphiql.rs). With --check, changes nothing and fails
// when a vendored file differs from the locked package's, so the embedded files always match the lock file.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const FILES = [
  ["graphiql/graphiql.min.js", "graphiql.min.js"],
  ["graphiql/graphiql.min.css", "graphiql.min.css"],
  ["react/umd/react.production.min.js", "react.production.min.js"],
  ["react-dom/umd/react-dom.production.min.js", "react-dom.production.min.js"],
];
const check = process.argv.includes("--check");
const sha256 = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");
let drifted = 0;
for (const [from, to] of FILES) {
  const source = join(root, "node_modules", from);
  const target = join(root, "assets", "vendor", to);
  if (!existsSync(source)) {
    console.error(`${from} is not installed: run npm ci first`);
    process.exit(1);
  }
  const version = JSON.parse(readFileSync(join(root, "node_modules", from.split("/")[0], "package.json"))).version;
  if (check) {
    const same = existsSync(target) && sha256(source) === sha256(target);
    console.log(`${same ? "ok     " : "DRIFTED"} assets/vendor/${to} (${from.split("/")[0]} ${version})`);
    if (!same) drifted += 1;
  } else {
    copyFileSync(source, target);
    console.log(`copied ${from.split("/")[0]} ${version}: ${to}`);
  }
}
if (drifted > 0) {
  console.error(`${drifted} vendored file(s) differ from package-lock.json's packages: run npm ci && npm run vendor`);
  process.exit(1);
}
