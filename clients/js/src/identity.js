// Which streams of two tabs are the same stream, and who asks for it.
import { streamUrl } from './url.js';

/** Whether this browser can share streams between tabs: Web Locks and BroadcastChannel. */
export function canShare() {
  return typeof BroadcastChannel === 'function' && typeof navigator !== 'undefined'
    && !!navigator.locks && typeof navigator.locks.request === 'function';
}

/**
 * What the server sends a stream and what the page listens to: the URL without credentials and
 * start (resolved against the page), the record types and withCredentials. Two streams with the
 * same identity differ at most in where they start, which a joining tab makes up for on its own
 * connection before it follows the shared one.
 */
export function streamIdentity(options) {
  const bare = Object.assign({}, options, {
    lastEventId: null, since: null, from: null, ticket: null, accessToken: null,
  });
  const path = streamUrl(bare);
  const url = typeof location !== 'undefined' ? new URL(path, location.href).href : path;
  const types = Array.from(new Set([].concat(options.recordTypes || [], options.types || []))).sort();
  return JSON.stringify([url, types, !!options.withCredentials]);
}

/**
 * Who asks, as a promise: `shareKey` when the page gives one; else the issuer and subject of the
 * token when it is a JWT (they stay the same when it is renewed), or a hash of it; '' without a
 * token (cookies are the same in every tab of an origin). A token function is called once for it.
 */
export function callerIdentity(options) {
  if (options.shareKey !== undefined && options.shareKey !== null) {
    return Promise.resolve('key ' + options.shareKey);
  }
  const source = options.accessToken;
  return Promise.resolve(typeof source === 'function' ? source() : source)
    .then((token) => (token ? tokenIdentity(String(token)) : ''));
}

function tokenIdentity(token) {
  const claims = jwtClaims(token);
  if (claims && typeof claims.sub === 'string') return 'jwt ' + JSON.stringify([claims.iss || null, claims.sub]);
  return 'token ' + hash(token);
}

/** A JWT's claims, unverified: only to tell callers apart (the server verifies the token). */
function jwtClaims(token) {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    return JSON.parse(atob(parts[1].replace(/-/g, '+').replace(/_/g, '/')));
  } catch (e) {
    return null;
  }
}

/** cyrb53, 53 bits: tells tokens apart without writing one into a lock or channel name. */
function hash(text) {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
