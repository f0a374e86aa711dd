// Trunk post-build hook: hashes every inline <script> of the staged index.html
// and writes the hashes into its Content-Security-Policy in place of the
// `'inline-script-hashes'` marker. Fails the build if the marker is missing, so
// the page can never ship with a policy that blocks its own loader.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("csp.mjs: TRUNK_STAGING_DIR is not set (run it as a trunk hook)");
  process.exit(1);
}
const file = join(staging, "index.html");
const html = readFileSync(file, "utf8");
const marker = "'inline-script-hashes'";
if (!html.includes(marker)) {
  console.error(`csp.mjs: ${file} has no ${marker} marker in its Content-Security-Policy`);
  process.exit(1);
}
const hashes = [];
for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  const digest = createHash("sha256").update(match[1], "utf8").digest("base64");
  hashes.push(`'sha256-${digest}'`);
}
writeFileSync(file, html.replace(marker, hashes.join(" ")));
console.log(`csp.mjs: ${hashes.length} inline script hash(es) written to the policy`);
