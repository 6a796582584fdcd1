// What a client under test offers the driver in its page (ts/page.ts and go/browser_js.go
// set it): the hello line, and call(line, baseUrl), which answers one case line, calling
// baseUrl instead of the line's base_url.
declare var sfnConformance: { hello: string; call(line: string, baseUrl: string): Promise<string> } | undefined;
