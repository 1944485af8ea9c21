// One stream on this page's own EventSource: URL, credentials, typed events, resume verdicts.
import { CONTROL_EVENTS, Emitter } from './events.js';
import { Positions } from './positions.js';
import { problemOf, streamUrl } from './url.js';

const MAX_RESUMES = 100;

/** The options a stream starts from: envelope format, records named 'message'. */
export function withDefaults(options) {
  return Object.assign({ format: 'envelope', recordTypes: ['message'] }, options);
}

/** Keeps the last MAX_RESUMES verdicts. */
export function keepResume(resumes, resume) {
  resumes.push(resume);
  if (resumes.length > MAX_RESUMES) resumes.shift();
}

/** Decoded JSON (a schema beside it) as text, as a string key or a record value is; else as is. */
function asText(json, schema) {
  return schema && typeof json !== 'string' ? JSON.stringify(json) : json;
}

function parse(data) {
  try {
    return JSON.parse(data);
  } catch (e) {
    return null;
  }
}

/**
 * A stream on its own connection. The browser reconnects by itself and sends Last-Event-ID; this
 * adds what EventSource lacks: the URL, credentials that renew (accessToken may be a function
 * returning a token or a promise of one: called before each connect this makes, and again when a
 * reconnect is refused with 401 or the stream announces token-expiring), one-use tickets, typed
 * control events, the last id seen, a reconnect count and a check of every resume.
 *
 * `seed` carries on where another connection of the same stream stopped (a shared stream's next
 * owner): its last id, positions, verdicts and counts; `opens: 1` makes the first open a reconnect.
 */
export class StreamgateStream extends Emitter {
  constructor(options, seed) {
    super();
    const from = seed || {};
    this.options = withDefaults(options);
    this.role = 'private';
    this.state = 'closed';
    this.lastEventId = from.lastEventId !== undefined ? from.lastEventId : this.options.lastEventId || null;
    this.url = null;
    this.opens = from.opens || 0;
    this.reconnects = from.reconnects || 0;
    this.resumes = from.resumes || [];
    this.positions = from.positions || new Positions();
    this.source = null;
    this.retryTimer = null;
    this.diagnosis = null;
    this.pendingResume = null;
    // Credentials: fetched before each connect this makes (opening counts them); the number of
    // times fresh ones were fetched after the first; renewals since the last open, so a token the
    // server keeps refusing ends in a problem rather than a loop.
    this.attempt = null;
    this.renewals = from.renewals || 0;
    this.renewingSinceOpen = 0;
    this.retiring = null;
  }

  /**
   * Opens the stream, resuming after the last id seen if there is one: first the credentials (the
   * token, through accessToken when it is a function, then a ticket from ticketUrl when given),
   * then the EventSource. With handover, the current connection stays open (its events ignored)
   * until the new one opens.
   */
  open(handover) {
    if (handover && this.source) {
      this.retireSource();
    } else {
      this.closeSource();
    }
    const attempt = {};
    this.attempt = attempt;
    const renewable = typeof this.options.accessToken === 'function' || !!this.options.ticketUrl;
    if (renewable && (this.opens > 0 || this.renewingSinceOpen > 0)) this.renewals += 1;
    this.setState(this.opens === 0 ? 'connecting' : 'reconnecting');
    this.credentials()
      .then((credentials) => {
        if (this.attempt === attempt) this.connect(credentials);
      })
      .catch((problem) => {
        if (this.attempt === attempt) this.onRefused(problem);
      });
    return this;
  }

  /** The query credentials for the next connect: {accessToken} or {ticket}. */
  credentials() {
    const source = this.options.accessToken;
    return Promise.resolve(typeof source === 'function' ? source() : source).then((token) => {
      if (!this.options.ticketUrl) return { accessToken: token || null };
      const headers = { 'Content-Type': 'application/json' };
      if (token) headers.Authorization = 'Bearer ' + token;
      return fetch(this.options.ticketUrl, {
        method: 'POST', headers, body: JSON.stringify({ topics: [].concat(this.options.topics) }),
        credentials: this.options.withCredentials ? 'include' : 'same-origin',
      }).then((response) => {
        if (!response.ok) return problemOf(response).then((problem) => { throw problem; });
        return response.json().then((body) => ({ ticket: body.ticket }));
      }, () => { throw { status: 0, title: 'Network error', detail: 'No ticket', retry: 5 }; });
    });
  }

  connect(credentials) {
    const options = Object.assign({}, this.options, credentials, { lastEventId: this.lastEventId });
    this.url = streamUrl(options);
    this.ticketed = !!credentials.ticket;
    const source = new EventSource(this.url, { withCredentials: !!this.options.withCredentials });
    this.source = source;
    source.onopen = () => { if (source === this.source) this.onOpen(); };
    source.onerror = () => this.onError(source);
    const mine = (handler) => (event) => { if (source === this.source) handler(event); };
    const recordTypes = new Set([].concat(this.options.recordTypes, this.options.types || []));
    recordTypes.forEach((type) => {
      if (!CONTROL_EVENTS.includes(type)) {
        source.addEventListener(type, mine((event) => this.onRecord(event)));
      }
    });
    CONTROL_EVENTS.forEach((name) => source.addEventListener(name, mine((event) => this.onControl(event))));
    source.addEventListener('delete', mine((event) => this.onDelete(event)));
  }

  /**
   * Closes and opens again from the last id seen, optionally with new options (a fresh
   * accessToken, say: EventSource keeps its URL, so a new token needs a new connection).
   */
  reconnect(changes) {
    Object.assign(this.options, changes || {});
    return this.open();
  }

  close() {
    this.closeSource();
    this.setState('closed');
  }

  closeSource() {
    clearTimeout(this.retryTimer);
    this.diagnosis = null;
    this.attempt = null;
    if (this.source) this.source.close();
    if (this.retiring) this.retiring.close();
    this.source = null;
    this.retiring = null;
    this.finishResume();
  }

  /** Keeps the current connection open, unheard, until the next one opens (a handover). */
  retireSource() {
    clearTimeout(this.retryTimer);
    this.diagnosis = null;
    if (this.retiring) this.retiring.close();
    this.retiring = this.source;
    this.source = null;
    this.finishResume();
  }

  onOpen() {
    this.opens += 1;
    this.renewingSinceOpen = 0;
    if (this.retiring) {
      this.retiring.close();
      this.retiring = null;
    }
    if (this.opens > 1) {
      this.reconnects += 1;
      this.pendingResume = {
        reconnect: this.reconnects,
        at: new Date(),
        lastEventId: this.lastEventId,
        exact: true,
        problems: [],
      };
    }
    this.setState('open');
  }

  onError(source) {
    if (source !== this.source) return;
    this.finishResume();
    if (this.ticketed && source.readyState !== EventSource.CLOSED) {
      // A ticket opens one stream once: the browser's own reconnect would present it again.
      // Reconnect here instead, after the last id seen, with a fresh ticket.
      this.closeSource();
      this.setState('reconnecting');
      this.retryTimer = setTimeout(() => this.open(), Math.random() * 250);
    } else if (source.readyState === EventSource.CLOSED) {
      // The browser gave up: the answer was not a 200 event stream. Find out why.
      this.diagnose();
    } else {
      this.setState('reconnecting');
    }
  }

  /** Bookkeeping of every record or tombstone: its id, the resume check, its envelope's position. */
  received(event) {
    this.remember(event);
    this.finishResume();
    const envelope = this.options.format === 'envelope' ? parse(event.data) : null;
    this.positions.record(envelope);
    return envelope;
  }

  /**
   * A record: `value` is its value as text in both formats; a value decoded through the schema
   * registry (an envelope with `schema`) is the envelope's JSON, written back as text.
   */
  onRecord(event) {
    const envelope = this.received(event);
    const value = envelope ? asText(envelope.value, envelope.schema) : event.data;
    this.emit('record', { type: event.type, id: event.lastEventId, data: event.data, envelope, value });
  }

  /** A tombstone: 'delete' handlers get the key as text (raw: the data; envelope: its key). */
  onDelete(event) {
    const envelope = this.received(event);
    const key = envelope ? asText(envelope.key, envelope.keySchema) : event.data;
    this.emit('delete', { id: event.lastEventId, key, envelope, data: event.data });
  }

  onControl(event) {
    this.remember(event);
    const body = parse(event.data) || {};
    if (event.type === 'stream-info') this.positions.started(body, this.pendingResume, this.options);
    if (event.type === 'gap') this.spoilResume('gap: ' + body.lost + ' records deleted by retention');
    if (event.type === 'reset') {
      this.spoilResume('reset: ' + body.reason);
      this.positions.reset(body);
    }
    if (event.type === 'token-expiring') {
      // The token ends soon: open the next connection from the id the server gives, with a
      // fresh token, and drop this one's later events (the next connection sends them again).
      if (body.id) this.lastEventId = body.id;
      this.emit('renew', { reason: 'token-expiring', expiresAt: body.expiresAt, lastEventId: this.lastEventId });
      this.emit(event.type, body, event);
      this.open(true);
      return;
    }
    if (event.type === 'caught-up') {
      this.positions.caughtUp(body);
      this.finishResume();
    }
    if (event.type === 'decode-error') {
      // A record that could not be decoded: in the record's place, it moves the position.
      this.positions.record(body);
      this.finishResume();
    }
    this.emit(event.type, body, event);
  }

  spoilResume(problem) {
    if (this.pendingResume) {
      this.pendingResume.exact = false;
      this.pendingResume.problems.push(problem);
    }
  }

  /** The verdict is in once the first record, caught-up or the end of the connection comes. */
  finishResume() {
    const resume = this.pendingResume;
    if (!resume) return;
    this.pendingResume = null;
    keepResume(this.resumes, resume);
    this.emit('resume', resume);
  }

  remember(event) {
    if (event.lastEventId) this.lastEventId = event.lastEventId;
  }

  /**
   * Reads the refusal (problem JSON) with a probe of the same URL (with a fresh ticket, since the
   * refused one is spent); a 401 renews the token once; 429/5xx retry after Retry-After; anything
   * else leaves the stream closed.
   */
  diagnose() {
    const ticketed = this.ticketed;
    this.closeSource();
    const diagnosis = {};
    this.diagnosis = diagnosis;
    const abort = new AbortController();
    const url = ticketed
      ? this.credentials().then((c) => streamUrl(Object.assign({}, this.options, c, { lastEventId: this.lastEventId })))
      : Promise.resolve(this.url);
    url
      .then((probeUrl) => fetch(probeUrl, { headers: { Accept: 'text/event-stream' }, signal: abort.signal,
        credentials: this.options.withCredentials ? 'include' : 'same-origin' })
        .then((response) => {
          if (response.ok) {
            abort.abort();
            return { status: response.status, title: 'Stream ended', detail: 'The stream was cut', retry: 1 };
          }
          return problemOf(response);
        }, () => ({ status: 0, title: 'Network error', detail: 'Streamgate did not answer', retry: 5 })))
      .catch((problem) => problem)
      .then((problem) => {
        if (this.diagnosis !== diagnosis) return; // closed or reopened meanwhile
        this.diagnosis = null;
        this.onRefused(problem);
      });
  }

  /** A refusal of the ticket endpoint or of the stream: renew, retry later, or stay closed. */
  onRefused(problem) {
    this.attempt = null;
    if (problem.status === 401 && typeof this.options.accessToken === 'function'
        && this.renewingSinceOpen === 0) {
      this.renewingSinceOpen += 1;
      this.emit('renew', { reason: 'unauthorized', lastEventId: this.lastEventId });
      this.open();
      return;
    }
    this.emit('problem', problem);
    if (problem.retry) {
      this.setState('reconnecting');
      this.retryTimer = setTimeout(() => this.open(), problem.retry * 1000);
    } else {
      this.closeSource();
      this.setState('closed');
    }
  }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.emit('state', state);
  }
}
