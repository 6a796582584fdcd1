// Websocket functions (SPEC 11, Leptos 0.8's Websocket protocol): a websocket at GET path,
// every message one binary frame, 0x00 + an item or 0x01 + an error; the client ends its
// input with the lone byte 0x00 and the server closes with 1000 after its last item
// (docs/streams.md). Only programs calling a websocket function bundle this module.

import { defaults, errorFromBody, bodyText, ServerFnError, utf8, wrapError, type Args, type CallOptions, type ErrorBody, type Result } from "./call.js";
import type { Type } from "./types.js";

/**
 * How a websocket function's items travel: the encoder of an input item's payload and the
 * decoder of an output item's (without the tag byte). Made by items.
 */
export type Items = readonly [encode: (value: unknown) => Promise<Uint8Array>, decode: (payload: Uint8Array) => Promise<unknown>];

/**
 * items makes the Items of a websocket function from its format's codecs, the ones its
 * arguments and results would use: encode (jsonArgs or cbor's args) with input, the input
 * items' type, and result (jsonResult or cbor's result of the output items' type). An item
 * is encoded and decoded exactly as an argument body and a result body are.
 */
export function items(encode: (type: Type, value: unknown) => Args | Promise<Args>, input: Type, [, read]: Result): Items {
  return [
    async (v) => {
      const [, body] = await encode(input, v);
      return typeof body == "string" ? new TextEncoder().encode(body) : body;
    },
    (payload) => read(payloadResponse(payload, 200, null)),
  ];
}

/**
 * payloadResponse presents a frame's payload as the answer the codecs read (they read the
 * status, the Content-Type and the body, as bytes or text): an item or error frame has none
 * of an HTTP answer's other parts.
 */
function payloadResponse(payload: Uint8Array, status: number, contentType: string | null): Response {
  const bytes = payload.slice();
  return {
    status,
    headers: { get: (name: string) => (name.toLowerCase() == "content-type" ? contentType : null) },
    arrayBuffer: async () => bytes.buffer,
    text: async () => utf8(bytes),
  } as unknown as Response;
}

/** The input of a websocket function with a stream in: any iterable, sync or async. */
export type ItemSource<T> = AsyncIterable<T> | Iterable<T>;

/**
 * Output frames the client holds at most while its caller does not read: a browser's
 * WebSocket cannot stop the server from sending, so past this many bytes the stream fails
 * (and closes) rather than fill memory. The same bound as sfn's Go client's buffered bodies.
 */
const maxBufferedBytes = 67_108_864; // 64 MiB

/** While more than this many bytes wait in the WebSocket's send buffer, sending waits. */
const maxSendBuffer = 1_048_576; // 1 MiB

/**
 * websocket calls a websocket function: it opens the websocket at path when the output is
 * first read, sends the items of input (then the end-of-input frame) as the server takes
 * them, and yields each output item as its frame arrives. An error item is an error:
 * "Tag|message" text as errorFromBody reads it, else, for a function with an error type,
 * what errorBody (whose media type is errorType) makes of it, with status 0 as an item has
 * none; so is an item that does not decode. The options' onItemError is called with each
 * and the output goes on; without it the first rejects the iteration. A close with any
 * status but 1000, or a connection that could not be opened, rejects it too. Breaking out
 * of the loop, or the options' signal, closes the websocket with 1000; after the signal the
 * iteration rejects with its reason.
 */
export async function* websocket<Out>(
  options: CallOptions | undefined,
  path: string,
  [encode, decode]: Items,
  input: ItemSource<unknown>,
  errorBody?: ErrorBody,
  errorType?: string,
): AsyncGenerator<Out, void, undefined> {
  const o = { ...defaults, ...options };
  const signal = o.signal;
  signal?.throwIfAborted();
  const WS = o.WebSocket ?? globalThis.WebSocket;
  if (!WS) throw new ServerFnError("Request", "no WebSocket here: pass one in the options (Node 20 needs --experimental-websocket)");
  let url: URL;
  try {
    url = new URL((o.baseUrl ?? "").replace(/\/+$/, "") + path, globalThis.location?.href);
  } catch (e) {
    throw new ServerFnError("Request", `no URL for ${path}: set baseUrl outside a page`, 0, e);
  }
  url.protocol = url.protocol == "https:" ? "wss:" : "ws:";

  const ws = new WS(url);
  ws.binaryType = "arraybuffer";
  const frames: Uint8Array[] = [];
  let buffered = 0;
  let opened = false;
  // Set once nothing more will arrive: done with no error after a close with 1000.
  let end: { error?: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const finish = (error?: unknown) => {
    if (!end) end = error === undefined ? {} : { error };
    notify();
  };
  ws.onopen = () => {
    opened = true;
    void sendInput();
  };
  ws.onmessage = (ev: MessageEvent<ArrayBuffer | string>) => {
    const frame = typeof ev.data == "string" ? new TextEncoder().encode(ev.data) : new Uint8Array(ev.data);
    buffered += frame.length;
    if (buffered > maxBufferedBytes) {
      ws.close(1008, "client buffer full");
      finish(new ServerFnError("Response", `more than ${maxBufferedBytes} bytes of output waited to be read`));
    }
    frames.push(frame);
    notify();
  };
  ws.onclose = (ev: CloseEvent) => {
    if (ev.code == 1000) finish();
    else if (!opened) finish(new ServerFnError("Request", `the websocket at ${path} could not be opened (close status ${ev.code})`));
    else finish(new ServerFnError("Response", `the websocket closed with status ${ev.code}${ev.reason ? ": " + ev.reason : ""}`));
  };
  // Browsers follow a failed opening with a close (status 1006); Node 20's WebSocket fires
  // only the error.
  ws.onerror = () => {
    if (!opened) finish(new ServerFnError("Request", `the websocket at ${path} could not be opened`));
  };
  const onAbort = () => {
    close();
    finish(signal?.reason);
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  const close = () => {
    if (ws.readyState == WS.CONNECTING || ws.readyState == WS.OPEN) ws.close(1000);
  };

  // sendInput sends the input's items, waiting while the send buffer is full, then the
  // end-of-input frame; it stops when the output ends. An input that fails ends the call
  // with its error.
  const sendInput = async () => {
    try {
      for await (const v of input) {
        if (end) return;
        const payload = await encode(v);
        const frame = new Uint8Array(payload.length + 1);
        frame.set(payload, 1);
        while (ws.bufferedAmount > maxSendBuffer && !end) await new Promise((r) => setTimeout(r, 10));
        if (end) return;
        ws.send(frame);
      }
      if (!end) ws.send(new Uint8Array(1));
    } catch (e) {
      close();
      finish(wrapError("Serialization", e));
    }
  };

  try {
    for (;;) {
      const frame = frames.shift();
      if (!frame) {
        if (end) {
          if ("error" in end) throw end.error;
          return;
        }
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      buffered -= frame.length;
      if (end && "error" in end) throw end.error; // a signal or a failure comes first
      const payload = frame.subarray(1);
      let error: Error | undefined;
      if (frame[0] === 0 && frame.length > 1) {
        let item: unknown;
        try {
          item = await decode(payload);
        } catch (e) {
          error = wrapError("Deserialization", e);
        }
        if (!error) {
          yield item as Out;
          continue;
        }
      } else if (frame[0] === 1) {
        const e = errorFromBody(0, bodyText(payload)); // a Response error when not "Tag|message"
        error = !errorBody || e.tag != "Response" || bodyText(payload).startsWith("Response|") ? e : await errorBody(payloadResponse(payload, 0, errorType ?? null));
      } else {
        error = new ServerFnError("Deserialization", frame.length ? `unknown frame tag ${frame[0]}` : "an empty frame");
      }
      if (!o.onItemError) throw error;
      o.onItemError(error);
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    end ??= {};
    close();
  }
}

/**
 * websocketResult calls a websocket function whose output is one value: its one output
 * item, after which the websocket is closed. It rejects as websocket's iteration does, and
 * when the websocket ends without an item.
 */
export async function websocketResult<Out>(
  options: CallOptions | undefined,
  path: string,
  codec: Items,
  input: ItemSource<unknown>,
  errorBody?: ErrorBody,
  errorType?: string,
): Promise<Out> {
  for await (const v of websocket<Out>(options, path, codec, input, errorBody, errorType)) return v;
  throw new ServerFnError("Response", "the websocket closed without a result");
}
