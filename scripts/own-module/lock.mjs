// Prints testdata/web/package-lock.json: testdata/web/package.json's devDependencies and
// what they need, taken from the repository's package-lock.json, so the recipe's test installs (npm ci
// --prefer-offline) the very packages the repository's own npm ci put in the npm cache.
// own-module-test.sh fails when the committed lock differs from this output; refresh it with
//   node scripts/own-module/lock.mjs > scripts/own-module/testdata/web/package-lock.json
import { readFileSync } from "node:fs";

const here = new URL(".", import.meta.url);
const root = JSON.parse(readFileSync(new URL("../../package-lock.json", here), "utf8"));
const pkg = JSON.parse(readFileSync(new URL("testdata/web/package.json", here), "utf8"));

const found = new Map();
const queue = Object.keys(pkg.devDependencies);
while (queue.length > 0) {
  const name = queue.shift();
  const key = `node_modules/${name}`;
  if (found.has(key)) continue;
  const entry = root.packages[key];
  if (entry === undefined) throw new Error(`${name} is not in the repository's package-lock.json`);
  const want = pkg.devDependencies[name];
  if (want !== undefined && want !== entry.version) {
    throw new Error(`testdata/web/package.json pins ${name} ${want}, the repository's lock has ${entry.version}`);
  }
  found.set(key, entry);
  queue.push(...Object.keys({ ...entry.dependencies, ...entry.optionalDependencies }));
}

const packages = { "": { name: pkg.name, devDependencies: pkg.devDependencies } };
for (const key of [...found.keys()].sort()) packages[key] = found.get(key);
const lock = { name: pkg.name, lockfileVersion: 3, requires: true, packages };
process.stdout.write(JSON.stringify(lock, null, 2) + "\n");
