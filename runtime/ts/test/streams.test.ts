// The generated functions of gen/ts/testdata/livestreams.sfn (gen/ts/golden/livestreams.ts)
// against a real Go server (streamserver): websockets with JSON and CBOR items, error items,
// cancellation; text and byte streams both ways, an aborted body; a multipart upload.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as live from "../../../gen/ts/golden/livestreams.js";
import * as sfn from "../../../gen/ts/golden/sfn/index.js";
import { startStreamServer, type StreamServer } from "./streamserver.js";

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

async function readAll<T>(s: ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of s as unknown as AsyncIterable<T>) out.push(v);
  return out;
}

async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const v of items) {
    await new Promise((r) => setTimeout(r, 5));
    yield v;
  }
}

describe("streams and uploads against a Go server", () => {
  let server: StreamServer;
  let o: sfn.CallOptions;
  before(async () => {
    server = await startStreamServer();
    o = { baseUrl: server.url };
  });
  after(() => server?.stop());

  test("websocket both ways, JSON items, sync and async input", async () => {
    assert.deepEqual(await collect(live.echo([{ text: "a" }, { text: "ü€" }], o)), [{ text: "a" }, { text: "ü€" }]);
    assert.deepEqual(await collect(live.echo(slowly([{ text: "x" }, { text: "y" }]), o)), [{ text: "x" }, { text: "y" }]);
    assert.deepEqual(await collect(live.echo([], o)), []);
  });

  test("websocket both ways, CBOR items", async () => {
    assert.deepEqual(await collect(live.echoCbor([{ text: "one" }, { text: "two" }], o)), [{ text: "one" }, { text: "two" }]);
  });

  test("an error item rejects the iteration after the items before it", async () => {
    const got: string[] = [];
    await assert.rejects(
      async () => {
        for await (const m of live.echo([{ text: "ok" }, { text: "fail" }, { text: "never" }], o)) got.push(m.text);
      },
      (e) => e instanceof sfn.ServerFnError && e.tag == "ServerError" && e.message == "asked to fail" && e.status == 0,
    );
    assert.deepEqual(got, ["ok"]);
  });

  test("with onItemError, error items are handed to it and the output goes on", async () => {
    const got: string[] = [];
    const errors: unknown[] = [];
    const input = [{ text: "ok" }, { text: "fail" }, { text: "then" }, { text: "fail" }, { text: "end" }];
    for await (const m of live.echo(input, { ...o, onItemError: (e) => errors.push(e) })) got.push(m.text);
    assert.deepEqual(got, ["ok", "then", "end"]);
    assert.equal(errors.length, 2);
    for (const e of errors) assert.ok(e instanceof sfn.ServerFnError && e.tag == "ServerError" && e.message == "asked to fail" && e.status == 0);
    // A typed error item comes as the function's error type.
    const typed: unknown[] = [];
    assert.deepEqual(await collect(live.echoCbor([{ text: "fail" }, { text: "after" }], { ...o, onItemError: (e) => typed.push(e) })), [{ text: "after" }]);
    assert.ok(typed.length == 1 && live.isLiveError(typed[0]));
    assert.deepEqual(typed[0].error, { Refused: { text: "fail" } });
  });

  test("a typed error item (CBOR items, JSON error)", async () => {
    await assert.rejects(collect(live.echoCbor([{ text: "fail" }], o)), (e) => {
      assert.ok(live.isLiveError(e));
      assert.deepEqual(e.error, { Refused: { text: "fail" } });
      return true;
    });
  });

  test("arguments in, items out, JSON and CBOR", async () => {
    const want = [1, 2, 3, 4, 5].map((i) => ({ i }));
    assert.deepEqual(await collect(live.count({ n: 5, delayMs: 0 }, o)), want);
    assert.deepEqual(await collect(live.countCbor({ n: 5, delayMs: 0 }, o)), want);
    assert.equal((await collect(live.count({ n: 1000, delayMs: 0 }, o))).length, 1000);
  });

  test("items in, one result", async () => {
    assert.deepEqual(await live.sum([{ i: 1 }, { i: 2 }, { i: 39 }], o), { total: 42 });
    assert.deepEqual(await live.sum(slowly([{ i: 7 }]), o), { total: 7 });
  });

  test("breaking out of the loop closes the websocket", async () => {
    const got: number[] = [];
    for await (const { i } of live.count({ n: 1000, delayMs: 20 }, o)) {
      got.push(i);
      if (i == 3) break;
    }
    assert.deepEqual(got, [1, 2, 3]);
  });

  test("an AbortSignal cancels a websocket: the iteration rejects with the reason", async () => {
    const ac = new AbortController();
    const got: number[] = [];
    await assert.rejects(
      async () => {
        for await (const { i } of live.count({ n: 1000, delayMs: 20 }, { ...o, signal: ac.signal })) {
          got.push(i);
          if (i == 2) ac.abort();
        }
      },
      (e) => e instanceof DOMException && e.name == "AbortError",
    );
    assert.deepEqual(got, [1, 2]);
    await assert.rejects(collect(live.count({ n: 1, delayMs: 0 }, { ...o, signal: AbortSignal.abort() })), { name: "AbortError" });
  });

  test("a refused upgrade (no such function) rejects", async () => {
    await assert.rejects(collect(live.count({ n: 1, delayMs: 0 }, { baseUrl: server.url + "/nowhere" })), (e) => e instanceof sfn.ServerFnError && e.tag == "Request");
  });

  test("text both ways", async () => {
    const out = await live.upper("héllo wörld", o);
    assert.equal((await readAll(out)).join(""), "HÉLLO WÖRLD");
    const body = new ReadableStream<string>({
      start(c) {
        c.enqueue("ab");
        c.enqueue("ç");
        c.close();
      },
    });
    assert.equal((await readAll(await live.upper(body, o))).join(""), "ABÇ");
    assert.equal((await readAll(await live.upper(new ReadableStream<string>({ start: (c) => (c.enqueue("x"), c.close()) }), { ...o, streamBody: true }))).join(""), "X");
  });

  test("a failure before the stream rejects with the typed error", async () => {
    await assert.rejects(live.upper("fail", o), (e) => live.isLiveError(e) && e.status == 422);
    await assert.rejects(live.download({ count: 1, size: 1, failFirst: true, failAfter: false }, o), (e) => live.isLiveError(e) && e.status == 422);
  });

  test("text with multi-byte characters split between chunks", async () => {
    const chunks = await readAll(await live.split(o));
    assert.equal(chunks.join(""), "añ€😀z");
    assert.ok(chunks.length > 1);
  });

  test("bytes out", async () => {
    const chunks = await readAll(await live.download({ count: 4, size: 1000, failFirst: false, failAfter: false }, o));
    const all = new Uint8Array(await new Blob(chunks as Uint8Array<ArrayBuffer>[]).arrayBuffer());
    assert.equal(all.length, 4000);
    assert.equal(all[3999], 3);
  });

  test("a byte stream aborted mid-way errors, never ends short", async () => {
    const s = await live.download({ count: 3, size: 100_000, failFirst: false, failAfter: true }, o);
    let n = 0;
    await assert.rejects(
      async () => {
        for await (const c of s as unknown as AsyncIterable<Uint8Array>) n += c.length;
      },
      (e) => e instanceof sfn.ServerFnError && e.tag == "Response",
    );
    assert.ok(n <= 300_000);
  });

  test("bytes in: Uint8Array, Blob, ReadableStream buffered and streamed", async () => {
    assert.deepEqual(await live.measure(new Uint8Array(12345), o), { bytes: 12345 });
    assert.deepEqual(await live.measure(new Blob(["abc", new Uint8Array(7)]), o), { bytes: 10 });
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < 10; i++) c.enqueue(new Uint8Array(1000));
          c.close();
        },
      });
    assert.deepEqual(await live.measure(stream(), o), { bytes: 10_000 });
    assert.deepEqual(await live.measure(stream(), { ...o, streamBody: true }), { bytes: 10_000 });
  });

  test("upload a FormData", async () => {
    const form = new FormData();
    form.append("title", "hello");
    form.append("file", new Blob([new Uint8Array(2048)]), "a.bin");
    assert.deepEqual(await live.attach(form, o), {
      parts: [
        { field: "title", name: "", size: 5 },
        { field: "file", name: "a.bin", size: 2048 },
      ],
    });
    const bad = new FormData();
    bad.append("fail", "1");
    await assert.rejects(live.attach(bad, o), (e) => live.isLiveError(e) && e.status == 422);
  });
});
