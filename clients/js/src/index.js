/*
 * The Streamgate browser client (docs/client.md): a small wrapper around the browser's own
 * EventSource for Streamgate streams, as an ES module (`@streamgate/client`) and, built from these
 * sources, as the script every instance serves at /streamgate.js (global `Streamgate`) and the
 * module it serves at /streamgate.mjs.
 *
 *   const stream = connect({ topics: ['demo.prices'], format: 'envelope' })
 *     .on('record', (r) => console.log(r.type, r.envelope.key, r.value))
 *     .on('gap', (g) => console.warn('lost', g.lost))
 *     .on('resume', (r) => console.log('reconnect', r.reconnect, r.exact ? 'exact' : r.problems));
 *
 * The browser reconnects by itself and sends Last-Event-ID; the client adds the URL (several
 * topics, start, filters, credentials), tokens and tickets that renew, typed control events, the
 * last id seen, a check of every resume, and one connection per browser for a stream that several
 * tabs of an origin open (share, on by default where the browser has Web Locks and
 * BroadcastChannel).
 */
import { CONTROL_EVENTS } from './events.js';
import { canShare } from './identity.js';
import { SharedStream } from './share.js';
import { StreamgateStream } from './stream.js';
import { streamUrl } from './url.js';

/**
 * Creates a stream without opening it: register handlers, then call open(). Shared between the
 * tabs of this origin unless `share: false` or the browser lacks Web Locks or BroadcastChannel.
 */
export function create(options) {
  const share = !options || options.share === undefined || !!options.share;
  return share && canShare() ? new SharedStream(options) : new StreamgateStream(options);
}

/** Creates a stream and opens it. */
export function connect(options) {
  return create(options).open();
}

/** The stream URL for these options (lastEventId: the first connect's). */
export function url(options) {
  return streamUrl(options);
}

export { CONTROL_EVENTS };
