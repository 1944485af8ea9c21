// The names a stream's handlers are registered under, and the one place that calls them.

/**
 * Control events: their own SSE event names, so a page's onmessage never sees them
 * (docs/api.md#control-events).
 */
export const CONTROL_EVENTS = ['stream-info', 'snapshot', 'caught-up', 'gap', 'reset', 'token-expiring', 'revoked',
  'topic-skipped', 'decode-error'];

/**
 * Every name on() takes: records, tombstones ('delete': the key was deleted; never a 'record'),
 * the control events, and the client's own: state, resume, problem, renew.
 */
export const HANDLED = ['record', 'delete', 'state', 'resume', 'problem', 'renew'].concat(CONTROL_EVENTS);

/**
 * Handlers by name. A handler that throws is logged and the others still run. `listener`, when
 * set, hears every emit after the handlers: a shared stream listens to the connection it runs.
 */
export class Emitter {
  constructor() {
    this.handlers = {};
    HANDLED.forEach((name) => { this.handlers[name] = []; });
    this.listener = null;
  }

  /** Registers a handler for one of HANDLED; returns the stream. */
  on(name, handler) {
    if (!this.handlers[name]) throw new Error('streamgate: no event named ' + name);
    this.handlers[name].push(handler);
    return this;
  }

  emit(name, value, event) {
    this.handlers[name].forEach((handler) => {
      try {
        handler(value, event);
      } catch (e) {
        console.error('streamgate: a ' + name + ' handler failed', e);
      }
    });
    if (this.listener) this.listener(name, value, event);
  }
}
