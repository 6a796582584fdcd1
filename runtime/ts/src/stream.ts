// Byte and text streams (Leptos 0.8's Streaming and StreamingText) and uploads
// (MultipartFormData), SPEC 11: raw application/octet-stream bodies either way, a
// multipart/form-data request. The side that does not stream is an ordinary call's. Only
// programs calling such functions bundle this module.

import { bodyText, defaults, errorFromBody, ServerFnError, wrapError, type Args, type CallOptions, type ErrorBody, type Result } from "./call.js";

/** The Content-Type of byte and text streams, both ways. */
export const streamType = "application/octet-stream";

/** A byte stream in: a ReadableStream of chunks, or the bytes whole. */
export type BytesBody = ReadableStream<Uint8Array> | Blob | Uint8Array;

/** A text stream in: a ReadableStream of strings, or the text whole (a Blob holds its UTF-8). */
export type TextBody = ReadableStream<string> | string | Blob;

/**
 * A page's form element where the DOM's types are present (lib "DOM"), never elsewhere, so
 * that upload functions type-check in projects without the DOM library.
 */
export type FormElement = typeof globalThis extends { HTMLFormElement: { prototype: infer F } } ? F : never;

/** Options of functions that take a byte or text stream. */
export interface StreamCallOptions extends CallOptions {
  /**
   * Send a ReadableStream body as a stream (fetch's duplex: "half") rather than read into a
   * Blob first. Chromium streams request bodies only over HTTP/2 and HTTP/3 (over HTTP/1.1
   * the fetch fails), Firefox and Safari not at all; Node's fetch streams over any. Off by
   * default.
   */
  streamBody?: boolean | undefined;
}

/**
 * The most a ReadableStream body is read into memory when not streamed: past it the call
 * rejects with a Serialization error. The same bound as sfn's Go client under wasm.
 */
const maxBufferedBody = 67_108_864; // 64 MiB

/**
 * request sends one request and returns its 2xx answer, unread: what call does before it
 * reads a result, with a body of any kind. A missing contentType leaves the Content-Type to
 * fetch (a FormData's multipart boundary).
 */
async function request(
  options: StreamCallOptions | undefined,
  method: "GET" | "POST",
  path: string,
  contentType: string | undefined,
  body: BodyInit,
  accept: string,
  errorBody: ErrorBody | undefined,
): Promise<readonly [Response, StreamCallOptions]> {
  const o: StreamCallOptions = { ...defaults, ...options };
  const headers = new Headers(o.headers);
  if (contentType) headers.set("Content-Type", contentType);
  headers.set("Accept", accept);
  const init: RequestInit & { duplex?: "half" } = { method, headers };
  let url = (o.baseUrl ?? "").replace(/\/+$/, "") + path;
  if (method == "GET") url += "?" + (body as string);
  else init.body = body;
  if (body instanceof ReadableStream) init.duplex = "half";
  if (o.credentials) init.credentials = o.credentials;
  if (o.signal) init.signal = o.signal;
  let res: Response;
  try {
    res = await (o.fetch ?? fetch)(url, init);
  } catch (e) {
    if (o.signal?.aborted) throw e;
    throw wrapError("Request", e);
  }
  const status = res.status;
  if (status >= 400 && status <= 599) throw errorBody ? await errorBody(res) : errorFromBody(status, bodyText(await res.arrayBuffer()));
  if (!res.ok) throw new ServerFnError("Response", `unexpected status ${status}`, status);
  return [res, o];
}

/** result reads a stream in's result as call does, following a redirect. */
async function result<R>(res: Response, o: StreamCallOptions, read: Result[1]): Promise<R> {
  let value: unknown;
  try {
    value = await read(res);
  } catch (e) {
    throw wrapError("Deserialization", e, res.status);
  }
  if (res.headers.has("serverfnredirect")) {
    const location = res.headers.get("Location") ?? "/";
    if (o.onRedirect) o.onRedirect(location);
    else globalThis.location?.assign(location);
  }
  return value as R;
}

/**
 * output is the body of an answer as a stream. A body that breaks off (the server aborts it
 * when the function fails part-way) errors the stream with a Response ServerFnError, or the
 * signal's reason after an abort: never a silent, short end. With text, chunks are decoded
 * as UTF-8 across their boundaries, and bytes that are not UTF-8 error the stream with a
 * Deserialization error.
 */
function output<T extends Uint8Array | string>(res: Response, o: StreamCallOptions, text: boolean): ReadableStream<T> {
  const body = res.body;
  const reader = body?.getReader();
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  return new ReadableStream<T>({
    // Each pull enqueues a chunk or ends the stream: a pull that enqueues nothing (a chunk
    // holding only part of a character) would not be called again.
    async pull(controller) {
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = reader ? await reader.read() : { done: true, value: undefined };
        } catch (e) {
          controller.error(o.signal?.aborted ? o.signal.reason : new ServerFnError("Response", "the stream broke off: " + (e instanceof Error ? e.message : String(e)), res.status, e));
          return;
        }
        try {
          if (chunk.done) {
            const rest = text ? decoder.decode() : "";
            if (rest) controller.enqueue(rest as T);
            controller.close();
            return;
          }
          if (!text) {
            controller.enqueue(chunk.value as T);
            return;
          }
          const s = decoder.decode(chunk.value, { stream: true });
          if (s) {
            controller.enqueue(s as T);
            return;
          }
        } catch (e) {
          void reader?.cancel();
          controller.error(new ServerFnError("Deserialization", "the text stream is not UTF-8", res.status, e));
          return;
        }
      }
    },
    cancel(reason) {
      return reader?.cancel(reason);
    },
  });
}

/** requestBody is what fetch sends for a byte or text stream in. */
async function requestBody(body: BytesBody | TextBody, o: StreamCallOptions): Promise<BodyInit> {
  if (!(body instanceof ReadableStream)) return typeof body == "string" || body instanceof Blob ? body : (body as Uint8Array<ArrayBuffer>);
  const bytes = (body as ReadableStream<Uint8Array | string>).pipeThrough(
    new TransformStream<Uint8Array | string, Uint8Array>({
      transform(chunk, controller) {
        controller.enqueue(typeof chunk == "string" ? new TextEncoder().encode(chunk) : chunk);
      },
    }),
  );
  if (o.streamBody) return bytes;
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let n = 0;
  for await (const chunk of bytes as unknown as AsyncIterable<Uint8Array<ArrayBuffer>>) {
    n += chunk.length;
    if (n > maxBufferedBody) throw new ServerFnError("Serialization", `a stream body over ${maxBufferedBody} bytes needs streamBody`);
    parts.push(chunk);
  }
  return new Blob(parts);
}

/**
 * streamOut calls a function that answers with a byte stream (text false) or a text stream
 * (text true): its arguments are sent as call sends them, and the answer's body streams. A
 * failure before the stream rejects as call does.
 */
export async function streamOut<T extends Uint8Array | string>(
  options: StreamCallOptions | undefined,
  method: "GET" | "POST",
  path: string,
  args: Args | Promise<Args>,
  text: boolean,
  errorBody?: ErrorBody,
): Promise<ReadableStream<T>> {
  const [contentType, body] = await args;
  const [res, o] = await request(options, method, path, contentType, body, streamType, errorBody);
  return output<T>(res, o, text);
}

/**
 * streamIn calls a function that takes a byte or text stream: body is sent as the request's
 * body, and the result read as call reads it (readResult), or, when out is set, the answer's
 * body streams as streamOut's does (out "text" decodes it).
 */
export async function streamIn<R>(
  options: StreamCallOptions | undefined,
  path: string,
  body: BytesBody | TextBody,
  [accept, read]: Result,
  errorBody?: ErrorBody,
): Promise<R> {
  let init: BodyInit;
  const o = { ...defaults, ...options };
  try {
    init = await requestBody(body, o);
  } catch (e) {
    if (o.signal?.aborted) throw o.signal.reason;
    throw wrapError("Serialization", e);
  }
  const [res, ro] = await request(options, "POST", path, streamType, init, accept, errorBody);
  return result<R>(res, ro, read);
}

/** streamBoth calls a function that takes a byte or text stream and answers with one. */
export async function streamBoth<T extends Uint8Array | string>(
  options: StreamCallOptions | undefined,
  path: string,
  body: BytesBody | TextBody,
  text: boolean,
  errorBody?: ErrorBody,
): Promise<ReadableStream<T>> {
  let init: BodyInit;
  const o = { ...defaults, ...options };
  try {
    init = await requestBody(body, o);
  } catch (e) {
    if (o.signal?.aborted) throw o.signal.reason;
    throw wrapError("Serialization", e);
  }
  const [res, ro] = await request(options, "POST", path, streamType, init, streamType, errorBody);
  return output<T>(res, ro, text);
}

/**
 * upload calls a function that takes a multipart/form-data upload: form (or the FormData of
 * a form element) is posted, fetch writing the body and its boundary, and the result read
 * as call reads it.
 */
export async function upload<R>(
  options: CallOptions | undefined,
  path: string,
  form: FormData | FormElement,
  [accept, read]: Result,
  errorBody?: ErrorBody,
): Promise<R> {
  const data = form instanceof FormData ? form : new (FormData as unknown as new (form: FormElement) => FormData)(form);
  const [res, o] = await request(options, "POST", path, undefined, data, accept, errorBody);
  return result<R>(res, o, read);
}
