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
 * lacks: URL building (several topics, since/from/lastEventId, key/type filters, access_token),
 * typed control events, the last id seen, a reconnect count and a check of every resume.
 */
(function (global) {
  'use strict';

  const CONTROL_EVENTS = ['stream-info', 'caught-up', 'gap', 'reset'];
  const HANDLED = ['record', 'state', 'resume', 'problem'].concat(CONTROL_EVENTS);
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
    // EventSource cannot send an Authorization header: the token travels in the query.
    if (options.accessToken) query.set('access_token', options.accessToken);
    const base = (options.baseUrl || '').replace(/\/+$/, '') + '/streams/';
    const text = query.toString();
    return base + topics.map(encodeURIComponent).join(',') + (text ? '?' + text : '');
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
    }

    /** Registers a handler: record, stream-info, caught-up, gap, reset, state, resume, problem. */
    on(name, handler) {
      if (!this.handlers[name]) throw new Error('streamgate: no event named ' + name);
      this.handlers[name].push(handler);
      return this;
    }

    /** Opens the stream, resuming after the last id seen if there is one. */
    open() {
      this.closeSource();
      const options = Object.assign({}, this.options, { lastEventId: this.lastEventId });
      this.url = streamUrl(options);
      this.setState(this.opens === 0 ? 'connecting' : 'reconnecting');
      const source = new EventSource(this.url, { withCredentials: !!this.options.withCredentials });
      this.source = source;
      source.onopen = () => this.onOpen();
      source.onerror = () => this.onError(source);
      const recordTypes = new Set([].concat(this.options.recordTypes, this.options.types || []));
      recordTypes.forEach((type) => {
        if (!CONTROL_EVENTS.includes(type)) {
          source.addEventListener(type, (event) => this.onRecord(event));
        }
      });
      CONTROL_EVENTS.forEach((name) => source.addEventListener(name, (event) => this.onControl(event)));
      return this;
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
      if (this.source) this.source.close();
      this.source = null;
      this.finishResume();
    }

    onOpen() {
      this.opens += 1;
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
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up: the answer was not a 200 event stream. Find out why.
        this.diagnose();
      } else {
        this.setState('reconnecting');
      }
    }

    onRecord(event) {
      this.remember(event);
      this.finishResume();
      const envelope = this.options.format === 'envelope' ? parse(event.data) : null;
      if (envelope && envelope.topic !== undefined) {
        const partitions = this.next[envelope.topic] || (this.next[envelope.topic] = []);
        partitions[envelope.partition] = envelope.offset + 1;
      }
      const value = envelope ? envelope.value : event.data;
      this.emit('record', { type: event.type, id: event.lastEventId, data: event.data, envelope, value });
    }

    onControl(event) {
      this.remember(event);
      const body = parse(event.data) || {};
      if (event.type === 'stream-info') this.checkResume(body);
      if (event.type === 'gap') this.spoilResume('gap: ' + body.lost + ' records deleted by retention');
      if (event.type === 'reset') this.spoilResume('reset: ' + body.reason);
      if (event.type === 'caught-up') {
        Object.keys(body.next || {}).forEach((topic) => { this.next[topic] = body.next[topic].slice(); });
        this.finishResume();
      }
      this.emit(event.type, body, event);
    }

    /**
     * A resume is exact when every topic starts at "resume" and, in envelope format, every
     * partition starts at the offset after the last record this client saw there (at or after it
     * on a key/type-filtered stream, whose position also moves past filtered records).
     */
    checkResume(info) {
      const resume = this.pendingResume;
      const filtered = [].concat(this.options.keys || [], this.options.types || []).length > 0;
      (info.topics || []).forEach((topic) => {
        const seen = this.next[topic.topic] || [];
        if (resume && topic.start !== 'resume') {
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

    /** Reads the refusal (problem JSON); retries on 429/5xx after Retry-After, else stays closed. */
    diagnose() {
      this.closeSource();
      const diagnosis = {};
      this.diagnosis = diagnosis;
      const abort = new AbortController();
      fetch(this.url, { headers: { Accept: 'text/event-stream' }, signal: abort.signal,
        credentials: this.options.withCredentials ? 'include' : 'same-origin' })
        .then((response) => {
          if (response.ok) {
            abort.abort();
            return { status: response.status, title: 'Stream ended', detail: 'The stream was cut', retry: 1 };
          }
          const retry = Number(response.headers.get('Retry-After')) || 5;
          return response.json().catch(() => ({})).then((problem) => ({
            status: response.status,
            title: problem.title || response.statusText,
            detail: problem.detail || '',
            retry: RETRYABLE.includes(response.status) ? retry : null,
          }));
        })
        .catch(() => ({ status: 0, title: 'Network error', detail: 'Streamgate did not answer', retry: 5 }))
        .then((problem) => {
          if (this.diagnosis !== diagnosis) return; // closed or reopened meanwhile
          this.diagnosis = null;
          this.emit('problem', problem);
          if (problem.retry) {
            this.setState('reconnecting');
            this.retryTimer = setTimeout(() => this.open(), problem.retry * 1000);
          } else {
            this.setState('closed');
          }
        });
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
