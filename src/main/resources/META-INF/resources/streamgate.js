/*
 * streamgate.js: a small wrapper around the browser's own EventSource for Streamgate streams.
 * Served by every Streamgate instance at /streamgate.js; documented in docs/client.md.
 *
 *   const stream = Streamgate.connect({ topics: ['demo.prices'], format: 'envelope' })
 *     .on('record', (r) => console.log(r.type, r.envelope.key, r.value))
 *     .on('gap', (g) => console.warn('lost', g.lost))
 *     .on('resume', (r) => console.log('reconnect', r.reconnect, r.exact ? 'exact' : r.problems));
 *
 * The browser reconnects by itself and sends Last-Event-ID; this wrapper adds what EventSource
 * lacks: URL building (several topics, since/from/lastEventId, key/type filters, access_token or a
 * one-use ticket), tokens that renew (accessToken may be a function returning a token or a promise
 * of one: called before each connect the wrapper makes, and again when a reconnect is refused with
 * 401 or the stream announces token-expiring), typed control events, the last id seen, a reconnect
 * count and a check of every resume.
 */
(function (global) {
  'use strict';

  const CONTROL_EVENTS = ['stream-info', 'snapshot', 'caught-up', 'gap', 'reset', 'token-expiring', 'revoked', 'topic-skipped'];
  // 'delete': a tombstone (the key was deleted); its own event, never a 'record'.
  const HANDLED = ['record', 'delete', 'state', 'resume', 'problem', 'renew'].concat(CONTROL_EVENTS);
  const MAX_RESUMES = 100;
  const RETRYABLE = [429, 502, 503, 504];

  /** The stream URL for these options; lastEventId here is only for a first connect. */
  function streamUrl(options) {
    const topics = [].concat(options.topics || [])
      .map((t) => String(t).trim())
      .filter((t) => t.length > 0);
    if (topics.length === 0) throw new Error('streamgate: name at least one topic');
    const query = new URLSearchParams();
    if (options.lastEventId) query.set('lastEventId', options.lastEventId);
    if (options.since !== undefined && options.since !== null && options.since !== '') {
      const since = options.since instanceof Date ? options.since.toISOString() : String(options.since);
      query.set('since', since);
    }
    if (options.from) query.set('from', options.from);
    if (options.format) query.set('format', options.format);
    [].concat(options.keys || []).forEach((key) => query.append('key', key));
    [].concat(options.types || []).forEach((type) => query.append('type', type));
    // A CEL expression over key, value, headers, type, partition, offset, timestamp, and the
    // fields of JSON values to send (names or dotted paths); both evaluated by the server.
    if (options.filter) query.set('filter', options.filter);
    const fields = [].concat(options.fields || []).join(',');
    if (fields) query.set('fields', fields);
    // EventSource cannot send an Authorization header: a one-use ticket, else the token, travels
    // in the query.
    if (options.ticket) query.set('ticket', options.ticket);
    else if (typeof options.accessToken === 'string' && options.accessToken) {
      query.set('access_token', options.accessToken);
    }
    const base = (options.baseUrl || '').replace(/\/+$/, '') + '/streams/';
    const text = query.toString();
    return base + topics.map(encodeURIComponent).join(',') + (text ? '?' + text : '');
  }

  /** The problem an answer carries (problem JSON), as the 'problem' handlers receive it. */
  function problemOf(response) {
    const retry = Number(response.headers.get('Retry-After')) || 5;
    return response.json().catch(() => ({})).then((problem) => ({
      status: response.status,
      title: problem.title || response.statusText,
      detail: problem.detail || '',
      retry: RETRYABLE.includes(response.status) ? retry : null,
    }));
  }

  function parse(data) {
    try {
      return JSON.parse(data);
    } catch (e) {
      return null;
    }
  }

  class StreamgateStream {
    constructor(options) {
      this.options = Object.assign({ format: 'envelope', recordTypes: ['message'] }, options);
      this.handlers = {};
      HANDLED.forEach((name) => { this.handlers[name] = []; });
      this.state = 'closed';
      this.lastEventId = this.options.lastEventId || null;
      this.url = null;
      this.opens = 0;
      this.reconnects = 0;
      this.resumes = [];
      this.source = null;
      this.retryTimer = null;
      this.diagnosis = null;
      // Next offset per topic and partition, from the events this client saw (envelope format).
      this.next = {};
      this.pendingResume = null;
      // Credentials: fetched before each connect the wrapper makes (opening counts them); the
      // number of times a fresh token was asked for after the first; renewals since the last open,
      // so a token the server keeps refusing ends in a problem rather than a loop.
      this.attempt = null;
      this.renewals = 0;
      this.renewingSinceOpen = 0;
      this.retiring = null;
    }

    /** Registers a handler: record, stream-info, caught-up, gap, reset, state, resume, problem. */
    on(name, handler) {
      if (!this.handlers[name]) throw new Error('streamgate: no event named ' + name);
      this.handlers[name].push(handler);
      return this;
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
      if (envelope && envelope.topic !== undefined) {
        const partitions = this.next[envelope.topic] || (this.next[envelope.topic] = []);
        partitions[envelope.partition] = envelope.offset + 1;
      }
      return envelope;
    }

    onRecord(event) {
      const envelope = this.received(event);
      const value = envelope ? envelope.value : event.data;
      this.emit('record', { type: event.type, id: event.lastEventId, data: event.data, envelope, value });
    }

    /** A tombstone: 'delete' handlers get the key (raw: the data; envelope: its key field). */
    onDelete(event) {
      const envelope = this.received(event);
      const key = envelope ? envelope.key : event.data;
      this.emit('delete', { id: event.lastEventId, key, envelope, data: event.data });
    }

    onControl(event) {
      this.remember(event);
      const body = parse(event.data) || {};
      if (event.type === 'stream-info') this.checkResume(body);
      if (event.type === 'gap') this.spoilResume('gap: ' + body.lost + ' records deleted by retention');
      if (event.type === 'reset') {
        this.spoilResume('reset: ' + body.reason);
        // a topic that left a pattern stream: if it comes back, it joins from its start
        Object.keys(body.start || {}).forEach((t) => { if (body.start[t] === 'left') delete this.next[t]; });
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
        Object.keys(body.next || {}).forEach((topic) => { this.next[topic] = body.next[topic].slice(); });
        this.finishResume();
      }
      this.emit(event.type, body, event);
    }

    /**
     * A resume is exact when every topic starts at "resume" and, in envelope format, every
     * partition starts at the offset after the last record this client saw there (at or after it
     * on a filtered stream, whose position also moves past filtered records: key, type, filter,
     * or `filtered: true` for a token whose filter claim the server applies).
     */
    checkResume(info) {
      const resume = this.pendingResume;
      const filtered = !!this.options.filter || !!this.options.filtered
        || [].concat(this.options.keys || [], this.options.types || []).length > 0;
      (info.topics || []).forEach((topic) => {
        const seen = this.next[topic.topic] || [];
        // A topic new since the id (a pattern matched it later) is read from its start: exact.
        const joined = topic.start === 'earliest' && this.next[topic.topic] === undefined;
        // A reconnect from a snapshot id gets a whole new snapshot: expected, and exact.
        const redo = topic.start === 'snapshot' && String(resume && resume.lastEventId).startsWith('s');
        if (resume && topic.start !== 'resume' && !joined && !redo) {
          resume.exact = false;
          resume.problems.push(topic.topic + ' started at ' + topic.start);
        }
        (topic.partitions || []).forEach((p) => {
          const expected = seen[p.partition];
          const wrong = filtered ? p.start < expected : p.start !== expected;
          if (resume && this.options.format === 'envelope' && expected !== undefined && wrong) {
            resume.exact = false;
            resume.problems.push(topic.topic + '/' + p.partition + ' resumed at ' + p.start
              + ', expected ' + expected);
          }
          seen[p.partition] = p.start;
        });
        this.next[topic.topic] = seen;
      });
    }

    spoilResume(problem) {
      if (this.pendingResume) {
        this.pendingResume.exact = false;
        this.pendingResume.problems.push(problem);
      }
    }

    finishResume() {
      const resume = this.pendingResume;
      if (!resume) return;
      this.pendingResume = null;
      this.resumes.push(resume);
      if (this.resumes.length > MAX_RESUMES) this.resumes.shift();
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

    emit(name, value, event) {
      this.handlers[name].forEach((handler) => {
        try {
          handler(value, event);
        } catch (e) {
          console.error('streamgate: a ' + name + ' handler failed', e);
        }
      });
    }
  }

  global.Streamgate = {
    CONTROL_EVENTS,
    /** Creates a stream and opens it. */
    connect(options) {
      return new StreamgateStream(options).open();
    },
    /** Creates a stream without opening it: register handlers, then call open(). */
    create(options) {
      return new StreamgateStream(options);
    },
    url: streamUrl,
  };
})(typeof window !== 'undefined' ? window : globalThis);
