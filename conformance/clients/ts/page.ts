// The TypeScript client under test in a browser page: it offers the client protocol to
// conformance/clients/browser's driver as globalThis.sfnConformance, as the Go WebAssembly
// client does, the driver relaying each line with page.evaluate.

import { answer, hello } from "./client.js";

/**
 * What the driver calls: the hello line, and call(line, baseUrl) for each case line's
 * answer line, calling baseUrl (the page's origin, which the driver proxies) instead of the
 * line's base_url.
 */
export interface Conformance {
  hello: string;
  call(line: string, baseUrl: string): Promise<string>;
}

declare global {
  var sfnConformance: Conformance | undefined;
}

globalThis.sfnConformance = { hello: hello("sfn-ts", false), call: answer };
