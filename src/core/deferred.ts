/**
 * The request and response objects behind the client's transport (see transport.ts): a
 * `Request` whose construction is deferred until something needs a real one, and a `Response`
 * over a body already in memory. Internal: nothing here is part of the package's API.
 * One concept, the fetch objects the transport hands openapi-fetch (the two classes share their
 * body methods through one base), which is why the file runs past 300 lines.
 *
 * It earns its place in the facade bench (`npm --prefix bench run facade`, target "deferred
 * Requests / real Requests"): on the default pool, ZITADEL deactivate with these objects makes
 * 1.57-2.29x the calls per second of the same client building real Requests and Responses
 * (median of 4 rounds, N=4000, 2-core machine at load average 10-17; 2.32x at load 3).
 */
import { STATUS_CODES } from 'node:http';

/** Fetch init of a request sent without building a `Request`. */
export interface DirectInit extends RequestInit {
  method: string;
  headers: Headers;
  signal: AbortSignal;
}

/** Statuses whose response has no body. */
export const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** Methods `Request` normalizes to upper case; others (PATCH...) keep their spelling. */
const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

/** The signal of requests made without one: never aborts. */
const NEVER_ABORTED = new AbortController().signal;

/** What reading a used body throws, worded as Node's own. */
function unusable(): never {
  throw new TypeError('Body is unusable: Body has already been read');
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Body types a deferred request reads without building a real `Request`. */
export function plainBody(body: unknown): string | Uint8Array | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (body instanceof URLSearchParams) return body.toString();
  return undefined;
}

/**
 * The body methods shared by {@link DeferredRequest} and {@link BufferedResponse}: each reads
 * the body held in memory, or asks the real object once one had to be built.
 */
abstract class HeldBody {
  /** The held body, now marked used; `undefined` when the real object answers instead. */
  protected abstract held(): string | Uint8Array<ArrayBuffer> | undefined;
  /** The real `Request` or `Response`, built now if it was not yet. */
  protected abstract real(): Request | Response;

  async text(): Promise<string> {
    const body = this.held();
    if (body === undefined) return this.real().text();
    return typeof body === 'string' ? body : decoder.decode(body);
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const body = this.held();
    if (body === undefined) return this.real().arrayBuffer();
    const bytes = typeof body === 'string' ? encoder.encode(body) : body;
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  formData(): Promise<FormData> {
    return this.real().formData();
  }
}

/**
 * A real `Response` over `body` with the status, headers and URL of `from` (`url` cannot be
 * given to the constructor). The one place the transport builds one.
 */
export function responseLike(body: ConstructorParameters<typeof Response>[0], from: { status: number; statusText: string; headers: Headers; url: string }): Response {
  const response = new Response(body, { status: from.status, statusText: from.statusText, headers: from.headers });
  Object.defineProperty(response, 'url', { value: from.url });
  return response;
}

/** The `Request` properties that do not concern the body, read from a bodiless stand-in. */
const METADATA = ['cache', 'credentials', 'destination', 'integrity', 'keepalive', 'mode', 'referrer', 'referrerPolicy'] as const;

/**
 * A `Request` whose construction is deferred: URL, method, headers, signal and a plain body are
 * kept as given; everything else is delegated to a real `Request`, built on first use. A
 * subclass of it is what the client passes to openapi-fetch as its `Request` class.
 *
 * `instanceof DeferredRequest` (and so openapi-fetch's check of what `onRequest` returns) also
 * accepts real `Request` objects.
 */
export class DeferredRequest extends HeldBody implements Request {
  // Declared, not defined: the constructor assigns them (as BufferedResponse's below).
  declare readonly url: string;
  declare readonly method: string;
  readonly #init: RequestInit;
  readonly #headers: Headers;
  #real: Request | undefined;
  #bodyless: Request | undefined;
  #used = false;

  /**
   * From a URL, as openapi-fetch builds every request (`new Request(url, init)`, see
   * transport.ts): a `Request` to start from is never passed, so none is accepted.
   */
  constructor(input: string | URL, init: RequestInit = {}) {
    super();
    const url = new URL(String(input));
    if (url.username || url.password) {
      // Let Request throw its own error for a URL with credentials.
      this.#real = new Request(url, init);
    }
    this.url = url.href;
    const method = init.method ?? 'GET';
    this.method = NORMALIZED_METHODS.has(method.toUpperCase()) ? method.toUpperCase() : method;
    this.#init = init;
    // openapi-fetch passes a Headers object it made for this call alone; it is adopted as is.
    this.#headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Request || DeferredRequest.isDeferred(value);
  }

  /** Whether `value` is a deferred request (not a real `Request`). */
  static isDeferred(value: unknown): value is DeferredRequest {
    return typeof value === 'object' && value !== null && #init in value;
  }

  /** The real Request, built now if it was not yet. Header changes made so far are kept. */
  #materialize(): Request {
    if (this.#real === undefined) {
      if (this.#used) unusable();
      this.#real = new Request(this.url, { ...this.#init, method: this.method, headers: this.#headers });
    }
    return this.#real;
  }

  /**
   * A Request for the properties that do not concern the body (cache, mode...): the real one if
   * it exists, else one built without the body, so reading them never consumes it.
   */
  #metadata(): Request {
    return this.#real ?? (this.#bodyless ??= new Request(this.url, { ...this.#init, method: this.method, headers: this.#headers, body: null }));
  }

  get headers(): Headers {
    return this.#real?.headers ?? this.#headers;
  }
  get signal(): AbortSignal {
    return this.#real?.signal ?? this.#init.signal ?? NEVER_ABORTED;
  }
  get redirect(): Request['redirect'] {
    return this.#real?.redirect ?? this.#init.redirect ?? 'follow';
  }
  get body(): Request['body'] {
    if (this.#real === undefined && this.#init.body == null) return null;
    return this.#materialize().body;
  }
  get bodyUsed(): boolean {
    return this.#real?.bodyUsed ?? this.#used;
  }
  declare readonly cache: Request['cache'];
  declare readonly credentials: Request['credentials'];
  declare readonly destination: Request['destination'];
  declare readonly integrity: string;
  declare readonly keepalive: boolean;
  declare readonly mode: Request['mode'];
  declare readonly referrer: string;
  declare readonly referrerPolicy: Request['referrerPolicy'];
  static {
    // One getter per METADATA property (declared above), each reading the stand-in.
    for (const key of METADATA) {
      Object.defineProperty(this.prototype, key, {
        get(this: DeferredRequest) {
          return this.#metadata()[key];
        },
        configurable: true,
      });
    }
  }
  /** Node's Request has it (undici's type requires it); always `half`. */
  get duplex(): 'half' {
    return 'half';
  }

  /**
   * The body as text or bytes without a stream, when it is a plain body (marked used), or empty
   * when there is none (a bodiless request can be read again, as a real one can).
   */
  protected override held(): string | Uint8Array<ArrayBuffer> | undefined {
    if (this.#real !== undefined) return undefined;
    const body = this.#init.body;
    if (body == null) return new Uint8Array(0);
    const plain = plainBody(body);
    if (plain === undefined) return undefined;
    if (this.#used) unusable();
    this.#used = true;
    return plain as string | Uint8Array<ArrayBuffer>;
  }
  protected override real(): Request {
    return this.#materialize();
  }

  blob(): Promise<Blob> {
    return this.#materialize().blob();
  }
  clone(): Request {
    return this.#materialize().clone();
  }

  /**
   * What a direct transport sends: the URL and a fetch init, or `undefined` when this request
   * had to become a real `Request` (send that instead).
   */
  static parts(request: DeferredRequest): { url: string; init: DirectInit } | undefined {
    if (request.#real !== undefined) return undefined;
    if (request.#used) unusable();
    request.#used = request.#init.body != null;
    return { url: request.url, init: { ...request.#init, method: request.method, headers: request.#headers, signal: request.signal } };
  }

  /** The real `Request` for this one (built if needed). */
  static toRequest(request: DeferredRequest): Request {
    return request.#materialize();
  }
}

/**
 * A `Response` whose body is already in memory (what `dispatcherFetch` hands the client, and
 * what the client makes of a body it read within `maxResponseBytes`): status, headers and the
 * body methods work on the bytes directly; a real `Response` is built only when something asks
 * for the body stream. `clone()` shares the bytes. Once the JSON has been parsed and checked
 * ({@link BufferedResponse.setParsed}), `json()` returns that value instead of parsing again.
 */
export class BufferedResponse extends HeldBody implements Response {
  declare readonly status: number;
  declare readonly statusText: string;
  declare readonly headers: Headers;
  declare readonly url: string;
  readonly redirected = false;
  readonly type: Response['type'] = 'default';
  readonly #bytes: Uint8Array<ArrayBuffer> | null;
  #used = false;
  #real: Response | undefined;
  #parsed: { value: unknown } | undefined;

  constructor(bytes: Uint8Array<ArrayBuffer> | null, init: { status: number; statusText?: string; headers: Headers; url: string }) {
    super();
    if (init.status < 200 || init.status > 599) throw new RangeError(`status ${init.status} is outside 200-599`);
    this.#bytes = bytes === null || NULL_BODY.has(init.status) ? null : bytes;
    this.status = init.status;
    this.statusText = init.statusText ?? STATUS_CODES[init.status] ?? '';
    this.headers = init.headers;
    this.url = init.url;
  }

  /** The body bytes (shared, never copied; empty when there is no body); read them, never change them. */
  get bodyBytes(): Uint8Array<ArrayBuffer> {
    return this.#bytes ?? new Uint8Array(0);
  }

  /** Remember the parsed body, so `json()` does not parse it again. */
  setParsed(value: unknown): void {
    this.#parsed = { value };
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  get body(): Response['body'] {
    if (this.#bytes === null) return null;
    return this.#materialize().body;
  }
  get bodyUsed(): boolean {
    return this.#real?.bodyUsed ?? this.#used;
  }

  #materialize(): Response {
    if (this.#real === undefined) {
      if (this.#used) unusable();
      this.#real = responseLike(this.#bytes, this);
    }
    return this.#real;
  }

  /** The body bytes, once; `undefined` when a real Response took over. */
  protected override held(): Uint8Array<ArrayBuffer> | undefined {
    if (this.#real !== undefined) return undefined;
    if (this.#used) unusable();
    this.#used = true;
    return this.bodyBytes;
  }
  protected override real(): Response {
    return this.#materialize();
  }

  override async json(): Promise<unknown> {
    if (this.#parsed === undefined) return super.json();
    const bytes = this.held();
    return bytes === undefined ? this.#materialize().json() : this.#parsed.value;
  }
  async blob(): Promise<Blob> {
    const bytes = this.held();
    if (bytes === undefined) return this.#materialize().blob();
    return new Blob([bytes], { type: this.headers.get('content-type') ?? '' });
  }
  clone(): Response {
    if (this.#real !== undefined) return this.#real.clone();
    if (this.#used) throw new TypeError('Response.clone: Body has already been consumed.');
    return new BufferedResponse(this.#bytes, { status: this.status, statusText: this.statusText, headers: new Headers(this.headers), url: this.url });
  }
}

