// The TypeScript client under test under Node: the client protocol of docs/conformance.md over
// stdin and stdout, one case at a time. run.sh bundles it with esbuild:
//
//	esbuild conformance/clients/ts/main.ts --bundle --platform=node --format=esm --outfile=client.mjs
//	sfn conformance --client 'node client.mjs'

import { createInterface } from "node:readline";
import { answer, hello } from "./client.js";

process.stdout.write(hello("sfn-ts", true) + "\n");
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim()) process.stdout.write((await answer(line)) + "\n");
}
