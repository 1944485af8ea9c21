// What a browser gives the client, for Node: an EventSource the tests drive, the Web Locks API,
// fetch answers. BroadcastChannel is Node's own (it delivers between the channels of one thread).

/** An EventSource the test drives; every one made is in FakeEventSource.made. */
export class FakeEventSource {
  constructor(url, init) {
    this.url = url;
    this.withCredentials = !!(init && init.withCredentials);
    this.readyState = FakeEventSource.CONNECTING;
    this.lastEventId = '';
    this.listeners = {};
    this.onopen = null;
    this.onerror = null;
    FakeEventSource.made.push(this);
  }

  addEventListener(type, listener) {
    (this.listeners[type] || (this.listeners[type] = [])).push(listener);
  }

  close() {
    this.readyState = FakeEventSource.CLOSED;
  }

  /** The server answered 200: the stream is open. */
  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen({});
    return this;
  }

  /** One event; data objects are sent as JSON. */
  send(type, data, id) {
    if (id !== undefined) this.lastEventId = id;
    const event = { type, data: typeof data === 'string' ? data : JSON.stringify(data), lastEventId: this.lastEventId };
    (this.listeners[type] || []).forEach((listener) => listener(event));
    return this;
  }

  /** The connection ended; the browser will reconnect by itself. */
  drop() {
    this.readyState = FakeEventSource.CONNECTING;
    this.onerror({});
  }

  /** The browser gave up (a refusal: not a 200 event stream). */
  fail() {
    this.readyState = FakeEventSource.CLOSED;
    this.onerror({});
  }

  static reset() {
    FakeEventSource.made = [];
  }

  /** The connections not closed. */
  static live() {
    return FakeEventSource.made.filter((s) => s.readyState !== FakeEventSource.CLOSED);
  }
}
FakeEventSource.CONNECTING = 0;
FakeEventSource.OPEN = 1;
FakeEventSource.CLOSED = 2;
FakeEventSource.made = [];

/** The Web Locks API's request(): exclusive locks, granted in the order asked, ifAvailable, signal. */
export class FakeLocks {
  constructor() {
    this.held = new Map();
    this.queues = new Map();
  }

  request(name, options, callback) {
    if (typeof options === 'function') return this.request(name, {}, options);
    return new Promise((resolve, reject) => {
      const request = { callback, resolve, reject };
      const queue = this.queues.get(name) || [];
      this.queues.set(name, queue);
      if (!this.held.has(name) && queue.length === 0) {
        this.grant(name, request);
      } else if (options.ifAvailable) {
        Promise.resolve().then(() => callback(null)).then(resolve, reject);
      } else {
        queue.push(request);
        if (options.signal) {
          options.signal.addEventListener('abort', () => {
            const at = queue.indexOf(request);
            if (at >= 0) queue.splice(at, 1);
            reject(new Error('AbortError'));
          });
        }
      }
    });
  }

  grant(name, request) {
    this.held.set(name, request);
    Promise.resolve()
      .then(() => request.callback({ name, mode: 'exclusive' }))
      .then(request.resolve, request.reject)
      .finally(() => {
        this.held.delete(name);
        const next = (this.queues.get(name) || []).shift();
        if (next) this.grant(name, next);
      });
  }
}

/** A fetch that answers from `routes`: (url, init) => {status, body, headers}; records calls. */
export function fakeFetch(routes) {
  const calls = [];
  const fetch = (url, init) => {
    calls.push({ url: String(url), init: init || {} });
    const answer = routes(String(url), init || {});
    if (!answer) return Promise.reject(new TypeError('network error'));
    const headers = new Map(Object.entries(answer.headers || {}));
    return Promise.resolve({
      ok: answer.status >= 200 && answer.status < 300,
      status: answer.status,
      statusText: answer.statusText || '',
      headers: { get: (name) => headers.get(name) || null },
      json: () => Promise.resolve(answer.body),
    });
  };
  fetch.calls = calls;
  return fetch;
}

/** Waits until condition() is true (polled every few ms), or fails after `ms`. */
export async function until(condition, ms = 3000, what = 'condition') {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting for ' + what);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Lets pending messages and promise callbacks run. */
export function settle(ms = 20) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** An unsigned JWT with these claims (the client reads, never verifies, them). */
export function jwt(claims) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return part({ alg: 'none' }) + '.' + part(claims) + '.sig';
}

/** A record's envelope data on topic t. */
export function envelope(partition, offset, value) {
  return { topic: 't', partition, offset, key: 'k' + offset, value: JSON.stringify(value === undefined ? offset : value) };
}

/** The stream-info of topic t with one partition starting at `start`. */
export function streamInfo(start, origin = 'earliest', latest = start) {
  return { topics: [{ topic: 't', start: origin, partitions: [{ partition: 0, earliest: 0, latest, start }] }] };
}
