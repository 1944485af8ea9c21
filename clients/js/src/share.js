// One connection per browser: the tabs of an origin that open the same stream share one EventSource.
import { Emitter } from './events.js';
import { callerIdentity, streamIdentity } from './identity.js';
import { Positions } from './positions.js';
import { StreamgateStream, keepResume, withDefaults } from './stream.js';

/** Prefix of the lock and channel names; its number changes if the messages between tabs do. */
const PROTOCOL = 'streamgate.share.1 ';
/** How long a tab that got the lock waits for the last owner's goodbye before it connects. */
const TAKEOVER_WAIT_MS = 1000;
/** The relayed messages a joining tab keeps while its own connection catches up; oldest dropped. */
const JOIN_BUFFER = 1000;

/**
 * A stream shared by the tabs of an origin (docs/client.md#one-connection-per-browser).
 *
 * One tab holds a Web Lock named after the stream and runs its connection: the owner. It relays
 * every event over a BroadcastChannel of the same name with the ids before and after it; the
 * followers handle each as if their own connection had received it, and only when it follows
 * their own last id. When the owner closes (or its tab does), it says goodbye with its last id;
 * the next tab in the lock's queue waits for that (at most TAKEOVER_WAIT_MS), then connects from
 * its own last id, which is then every follower's: no event is lost or repeated in any tab.
 *
 * A tab that joins a running stream first runs its own connection from its own start, as a
 * private stream would (its own stream-info, snapshot, gap, caught-up), and once that connection
 * has caught up, follows the relay from the first point where both reached the same id: ids are
 * positions, so the relay then continues exactly where its own connection stands. A follower
 * that hears an event that does not follow its last id (an owner died before its last events
 * reached every tab) resumes on its own connection from its own id, and joins again the same way.
 *
 * role: 'owner' (runs the shared connection), 'follower' (hears the owner's), 'joining' (runs its
 * own until it can follow), 'private' (the stream's identity could not be read: its own only), or
 * null when closed.
 */
export class SharedStream extends Emitter {
  constructor(options) {
    super();
    this.options = withDefaults(options);
    this.role = null;
    this.state = 'closed';
    this.lastEventId = this.options.lastEventId || null;
    this.url = null;
    this.opened = false; // ever open: the next connection this tab runs is a reconnect
    this.reconnects = 0;
    this.renewals = 0;
    this.resumes = [];
    this.positions = new Positions();
    this.tab = Math.random().toString(36).slice(2);
    this.attempt = null;
    this.connection = null; // the one this tab runs: the shared one, or its own while joining
    this.channel = null;
    this.abort = null; // gives up this tab's place in the lock's queue
    this.release = null; // releases the lock while this tab holds it
    this.owner = null; // the tab whose relay this one hears
    this.ownerLeft = false;
    this.takeover = null; // a takeover waiting for the last owner's goodbye
    this.heard = []; // while joining: the relay's messages since this tab joined
    this.caughtUp = false; // while joining: its own connection reached the head it saw at open
    // A page going away hands its connection over at once; back from the back-forward cache, it
    // opens again.
    this.onPageHide = () => {
      if (this.role !== 'owner') return;
      this.close();
      addEventListener('pageshow', (event) => { if (event.persisted) this.open(); }, { once: true });
    };
  }

  /** Opens the stream: owns it when no tab does, else joins it. Returns the stream. */
  open() {
    if (this.attempt || this.channel || this.connection) return this;
    this.setState(this.opened ? 'reconnecting' : 'connecting');
    const attempt = {};
    this.attempt = attempt;
    // Without an identity (the token function failed, the options name no topic), the stream
    // runs on its own connection, which reports the problem as a private stream does.
    callerIdentity(this.options)
      .then((caller) => PROTOCOL + JSON.stringify([streamIdentity(this.options), caller]))
      .then((name) => {
        if (this.attempt === attempt) this.join(name);
      }, () => {
        if (this.attempt === attempt) this.run('private');
      });
    return this;
  }

  /** Closes this tab's stream; an owner hands the connection to the next tab. */
  close() {
    const owned = this.role === 'owner';
    this.stopConnection();
    if (owned) this.post({ kind: 'closing', id: this.lastEventId });
    this.leave();
    this.setState('closed');
  }

  /**
   * Opens the connection again with changed credentials (e.g. a fresh accessToken): in the owner
   * at once, in another tab when it next runs a connection. What the stream is (topics, filters,
   * format...) cannot change: close it and create another.
   */
  reconnect(changes) {
    const next = Object.assign({}, this.options, changes || {});
    if (streamIdentity(next) !== streamIdentity(this.options)) {
      throw new Error('streamgate: a shared stream cannot change what it streams; close it and create another');
    }
    Object.assign(this.options, changes || {});
    if (this.connection) this.connection.reconnect(changes);
    else if (!this.channel) this.open();
    return this;
  }

  join(name) {
    this.attempt = null;
    const channel = new BroadcastChannel(name);
    const abort = new AbortController();
    this.channel = channel;
    this.abort = abort;
    channel.onmessage = (event) => this.onMessage(event.data);
    if (typeof addEventListener === 'function') addEventListener('pagehide', this.onPageHide);
    const hold = (lock) => {
      if (!lock || this.channel !== channel) return undefined;
      return new Promise((release) => {
        this.release = release;
        this.takeOver();
      });
    };
    navigator.locks.request(name, { ifAvailable: true }, (lock) => {
      if (lock || this.channel !== channel) return hold(lock);
      this.run('joining');
      this.post({ kind: 'hello' });
      navigator.locks.request(name, { signal: abort.signal }, hold).catch(() => {});
      return undefined;
    }).catch(() => {});
  }

  /** This tab got the lock: it runs the shared connection from now on. */
  takeOver() {
    if (this.role !== 'follower') {
      // the first tab, or a joining one: its own connection becomes the shared one
      if (this.connection) {
        this.role = 'owner';
        this.announce();
      } else {
        this.run('owner');
      }
    } else if (this.ownerLeft) {
      this.lead();
    } else {
      this.takeover = setTimeout(() => this.lead(), TAKEOVER_WAIT_MS);
    }
  }

  /** A follower with the lock connects from its last id, the last one every follower heard. */
  lead() {
    clearTimeout(this.takeover);
    this.takeover = null;
    if (this.role === 'follower') this.run('owner');
  }

  /** Runs a connection in this tab from where its stream stands (its id, positions, counts). */
  run(role) {
    this.stopConnection();
    this.role = role;
    this.heard = [];
    this.caughtUp = false;
    const connection = new StreamgateStream(this.options, {
      lastEventId: this.lastEventId,
      positions: this.positions,
      resumes: this.resumes,
      opens: this.opened ? 1 : 0,
      reconnects: this.reconnects,
      renewals: this.renewals,
    });
    this.connection = connection;
    connection.listener = (name, value, event) => {
      if (this.connection === connection) this.fromConnection(name, value, event);
    };
    if (role === 'owner') this.announce();
    connection.open();
  }

  stopConnection() {
    const connection = this.connection;
    if (!connection) return;
    this.connection = null;
    connection.listener = null;
    connection.close();
  }

  /** An event of this tab's own connection: heard here, relayed by the owner. */
  fromConnection(name, value, event) {
    const connection = this.connection;
    const prev = this.lastEventId;
    this.lastEventId = connection.lastEventId;
    this.url = connection.url;
    this.reconnects = connection.reconnects;
    this.renewals = connection.renewals;
    if (this.role === 'owner') {
      const sent = event && { type: event.type, data: event.data, lastEventId: event.lastEventId };
      this.post({ kind: 'event', name, value, event: sent, prev, id: this.lastEventId, state: connection.state, counts: this.counts() });
    }
    this.hear(name, value, event);
    if (name === 'caught-up') this.caughtUp = true;
    if (this.role === 'joining') this.tryToFollow();
    if (name === 'state' && value === 'closed') {
      // refused for good (404, 403...): the same for every tab, which hears it and closes too
      this.connection = null;
      this.leave();
    }
  }

  onMessage(message) {
    if (message.kind === 'hello') {
      if (this.role === 'owner') this.announce();
    } else if (message.kind === 'closing') {
      if (message.from !== this.owner) return;
      this.ownerLeft = true;
      if (this.takeover) this.lead();
    } else if (this.role === 'follower') {
      this.follow(message);
    } else if (this.role === 'joining') {
      this.heard.push(message);
      if (this.heard.length > JOIN_BUFFER) this.heard.shift();
      this.tryToFollow();
    }
  }

  /** A relayed event or position, for a follower: handled only where it follows its last id. */
  follow(message) {
    const at = message.kind === 'position' ? message.id : message.prev;
    if (at !== this.lastEventId) {
      this.diverged();
      return;
    }
    if (message.from !== this.owner) {
      this.owner = message.from;
      this.ownerLeft = false;
    }
    this.reconnects = message.counts.reconnects;
    this.renewals = message.counts.renewals;
    if (message.kind === 'position') {
      this.hear('state', message.state);
      return;
    }
    this.lastEventId = message.id;
    this.positions.heard(message.name, message.value, this.options);
    if (message.name === 'resume') keepResume(this.resumes, message.value);
    this.hear(message.name, message.value, message.event);
    if (message.name === 'state' && message.value === 'closed') this.leave();
  }

  /** The relay does not continue from this tab's last id: resume on its own connection. */
  diverged() {
    clearTimeout(this.takeover);
    this.takeover = null;
    this.run(this.release ? 'owner' : 'joining');
    if (this.role === 'joining') this.post({ kind: 'hello' });
  }

  /**
   * A joining tab whose connection has caught up follows the relay from the last point where the
   * relay reached the id its own connection reached (an event, or the owner's position).
   */
  tryToFollow() {
    if (!this.caughtUp || this.lastEventId === null) return;
    let i = this.heard.length - 1;
    while (i >= 0 && this.heard[i].id !== this.lastEventId) i -= 1;
    if (i < 0) return;
    const from = this.heard[i];
    const after = this.heard.slice(i + 1);
    this.stopConnection();
    this.role = 'follower';
    this.heard = [];
    this.url = null;
    this.owner = from.from;
    this.ownerLeft = false;
    this.reconnects = from.counts.reconnects;
    this.renewals = from.counts.renewals;
    this.hear('state', from.state);
    after.forEach((message) => {
      if (this.role === 'follower') this.follow(message);
    });
  }

  hear(name, value, event) {
    if (name !== 'state') {
      this.emit(name, value, event);
      return;
    }
    if (value === 'open') this.opened = true;
    this.setState(value);
  }

  announce() {
    this.post({ kind: 'position', id: this.lastEventId, state: this.state, counts: this.counts() });
  }

  counts() {
    return { reconnects: this.reconnects, renewals: this.renewals };
  }

  post(message) {
    if (this.channel) this.channel.postMessage(Object.assign({ from: this.tab }, message));
  }

  /** Leaves the channel and the lock (released, or the place in its queue given up). */
  leave() {
    this.attempt = null;
    clearTimeout(this.takeover);
    this.takeover = null;
    if (this.abort) this.abort.abort();
    if (this.release) this.release();
    if (this.channel) this.channel.close();
    if (typeof removeEventListener === 'function') removeEventListener('pagehide', this.onPageHide);
    this.channel = null;
    this.abort = null;
    this.release = null;
    this.role = null;
    this.heard = [];
    this.owner = null;
  }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.emit('state', state);
  }
}
