// The stream URL for a set of options, and the problem a refusal carries.

/** Statuses after which a refused stream is opened again (after Retry-After). */
export const RETRYABLE = [429, 502, 503, 504];

/** The stream URL for these options; lastEventId here is only for a first connect. */
export function streamUrl(options) {
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
  // Per window, the latest record of each key that changed: '250ms', '1s', or milliseconds.
  if (options.conflate) {
    query.set('conflate', typeof options.conflate === 'number' ? options.conflate + 'ms' : String(options.conflate));
  }
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
export function problemOf(response) {
  const retry = Number(response.headers.get('Retry-After')) || 5;
  return response.json().catch(() => ({})).then((problem) => ({
    status: response.status,
    title: problem.title || response.statusText,
    detail: problem.detail || '',
    retry: RETRYABLE.includes(response.status) ? retry : null,
  }));
}
