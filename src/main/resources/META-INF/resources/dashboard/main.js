// The Streamgate dashboard: picks topics from GET /topics and streams them with streamgate.js,
// which wraps the browser's own EventSource. URL parameters (topics, from, since, lastEventId,
// key, type, filter, fields, events) preselect the form; with no topics named, demo.prices is opened if it exists.
/* global Streamgate */
import { ValueChart, numericPoint } from './chart.js';
import { FieldPaths } from './fields.js';
import { ConnectionLog, EventsTable, Notices, Ticker, asText } from './panels.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const list = (text) => (text || '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
const all = (name) => params.getAll(name).flatMap(list);

// EventSource only dispatches event names it listens to: records arrive as their type or message.
const RECORD_TYPES = all('events').length > 0 ? all('events') : ['message', 'price'];
const DEMO_TOPIC = 'demo.prices';
const MAX_RECEIVED = 20000;
const RATE_WINDOW_MS = 5000;
const MAX_CHIPS = 8;

const chart = new ValueChart($('chart'), 240);
const table = new EventsTable($('events').tBodies[0]);
const ticker = new Ticker($('ticker').tBodies[0], $('ticker-empty'));
const log = new ConnectionLog($('log'));
const notices = new Notices($('notices'));
const paths = new FieldPaths($('field-paths'), $('filter-paths'));

/** Kept on window for the browser console (and the browser tests): what this page received. */
const dashboard = { stream: null, chart, paths, received: [], count: 0, connectedAt: 0, decodeErrors: 0 };
window.dashboard = dashboard;
let arrivals = [];
let allTopics = [];

function selectedTopics() {
  return [...document.querySelectorAll('#topic-list input:checked')].map((input) => input.value);
}

async function loadTopics(preselect) {
  try {
    const response = await fetch('/topics', { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail || response.status + ' ' + response.statusText);
    }
    const topics = await response.json();
    renderTopics(topics, preselect);
    return topics;
  } catch (e) {
    renderTopics([], preselect);
    notices.show('problem', 'Could not list topics', e.message);
    return [];
  }
}

/**
 * Chips for the selected topics and the first others; with many topics, the rest are added by
 * name from a searchable list, so a cluster of hundreds of topics stays one line.
 */
function renderTopics(topics, selected) {
  allTopics = topics;
  const known = new Set(topics.map((t) => t.name));
  const entries = topics.concat(selected.filter((name) => !known.has(name)).map((name) => ({ name })));
  const chosen = entries.filter((t) => selected.includes(t.name));
  const others = entries.filter((t) => !selected.includes(t.name));
  const shown = chosen.concat(others.slice(0, Math.max(0, MAX_CHIPS - chosen.length)));
  const hidden = others.filter((t) => !shown.includes(t));
  const chips = shown.map((topic) => chip(topic, selected.includes(topic.name)));
  if (hidden.length > 0) chips.push(moreTopics(hidden));
  if (chips.length === 0) {
    const none = document.createElement('span');
    none.className = 'muted';
    none.textContent = 'No topics yet: produce to Kafka, then reload.';
    chips.push(none);
  }
  $('topic-list').replaceChildren(...chips);
}

function chip(topic, checked) {
  const label = document.createElement('label');
  label.className = 'chip';
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.value = topic.name;
  input.checked = checked;
  const name = document.createElement('span');
  name.textContent = topic.name;
  label.append(input, name);
  if (topic.partitions) {
    const retained = topic.partitions.reduce((n, p) => n + (p.latest - p.earliest), 0);
    const small = document.createElement('small');
    small.textContent = topic.partitions.length + 'p · ' + retained.toLocaleString() + ' retained';
    label.append(small);
  }
  return label;
}

function moreTopics(hidden) {
  const input = document.createElement('input');
  input.className = 'more-topics';
  input.setAttribute('list', 'more-topic-names');
  input.placeholder = '+' + hidden.length + ' more: type a name';
  input.setAttribute('aria-label', 'Add a topic');
  const names = document.createElement('datalist');
  names.id = 'more-topic-names';
  hidden.forEach((t) => {
    const option = document.createElement('option');
    option.value = t.name;
    names.append(option);
  });
  // Any name is taken, listed or not (a topic created after the page loaded): a wrong one is
  // refused by the stream with a notice.
  input.addEventListener('change', () => {
    const name = input.value.trim();
    if (name && !selectedTopics().includes(name)) {
      renderTopics(allTopics, selectedTopics().concat(name));
    }
  });
  const wrap = document.createElement('span');
  wrap.append(input, names);
  return wrap;
}

function streamOptions() {
  const start = $('start').value;
  const options = {
    topics: selectedTopics(),
    format: 'envelope',
    recordTypes: RECORD_TYPES,
    keys: list($('keys').value),
    types: list($('types').value),
    filter: $('filter').value.trim(),
    fields: list($('fields').value),
    // One connection per browser: other tabs showing the same stream share this one (or this
    // tab shares theirs); each tab still starts where its own address says.
    share: true,
  };
  if (start === 'earliest' || start === 'latest' || start === 'snapshot') options.from = start;
  if (start === 'since' && $('since').value) options.since = new Date($('since').value).toISOString();
  if (start === 'id' && $('start-id').value.trim()) options.lastEventId = $('start-id').value.trim();
  return options;
}

/** The page's address names what it shows, so it can be bookmarked or shared. */
function rememberInUrl(options) {
  const query = new URLSearchParams();
  query.set('topics', options.topics.join(','));
  ['from', 'since', 'lastEventId'].forEach((name) => { if (options[name]) query.set(name, options[name]); });
  if (options.keys.length) query.set('key', options.keys.join(','));
  if (options.types.length) query.set('type', options.types.join(','));
  if (options.filter) query.set('filter', options.filter);
  if (options.fields.length) query.set('fields', options.fields.join(','));
  if (params.has('events')) query.set('events', RECORD_TYPES.join(','));
  history.replaceState(null, '', '?' + query.toString());
}

function showState(state) {
  const element = $('state');
  element.textContent = state;
  element.dataset.state = state;
  element.className = 'state state-' + state;
  showSharing();
  if (state === 'reconnecting') log.add('Stream ended: reconnecting with Last-Event-ID', 'warn');
  const connected = state !== 'closed';
  $('toggle').textContent = connected ? 'Disconnect' : 'Connect';
  $('toggle').classList.toggle('stop', connected);
}

const SHARING = {
  owner: "shared: this tab's connection",
  follower: "shared: another tab's connection",
  joining: 'own connection until caught up, then shared',
  private: 'this tab only',
};

function showSharing() {
  const role = dashboard.stream && dashboard.stream.state !== 'closed' ? dashboard.stream.role : null;
  $('sharing').textContent = SHARING[role] || '';
}

function showLastId() {
  const id = dashboard.stream.lastEventId;
  $('last-id').textContent = id || '—';
  $('last-id').title = id || '';
}

function onRecord(record) {
  showLastId();
  dashboard.count += 1;
  const e = record.envelope;
  // A snapshot's records (ids 's…') are state, not the log: only live records are checked.
  if (e && !String(record.id).startsWith('s')) {
    dashboard.received.push(e.topic + '/' + e.partition + '/' + e.offset);
    if (dashboard.received.length > MAX_RECEIVED) dashboard.received.shift();
  }
  arrivals.push(performance.now());
  table.add(record);
  paths.add(record);
  const point = numericPoint(record);
  if (point) chart.add(point);
}

/** A record the schema registry could not decode: a row in its place, and a log line. */
function onDecodeError(error) {
  showLastId();
  dashboard.count += 1;
  dashboard.decodeErrors += 1;
  table.add({ type: 'decode-error', envelope: error, value: error.reason + ': ' + error.message });
  log.add('Decode error at ' + error.topic + '/' + error.partition + '/' + error.offset
    + ' (' + error.reason + (error.schemaId === null ? '' : ', schema ' + error.schemaId) + ')', 'bad');
}

function onStreamInfo(info) {
  info.topics.forEach((t) => {
    log.add(t.topic + ': opened at ' + t.start + ' (' + t.partitions.length + ' partitions)', 'ok');
  });
}

/** A snapshot replaces what the page holds: the latest value of every key follows. */
function onSnapshot(snapshot) {
  chart.clear();
  const keys = Object.entries(snapshot.keys || {}).map(([t, n]) => t + ': ' + n + ' keys').join(', ');
  log.add('Snapshot: ' + keys, 'ok');
}

function onDelete(deleted) {
  showLastId();
  dashboard.count += 1;
  if (deleted.key !== null && deleted.key !== undefined) chart.remove(asText(deleted.key));
  log.add('Deleted key ' + deleted.key, 'warn');
}

function onGap(gap) {
  const parts = gap.partitions.map((p) => p.topic + '/' + p.partition + ': ' + p.lost
    + ' lost (offsets ' + p.requested + '–' + (p.resumedAt - 1) + ')');
  notices.show('gap', 'Gap: ' + gap.lost + ' records deleted by retention before they were read', parts.join(' · '));
  log.add('Gap: ' + gap.lost + ' records lost', 'warn');
}

function onReset(reset) {
  const starts = Object.entries(reset.start || {}).map(([t, s]) => t + ' at ' + s).join(', ');
  notices.show('reset', 'Reset (' + reset.reason + ')', reset.detail + (starts ? ' Restarted ' + starts + '.' : ''));
  log.add('Reset: ' + reset.reason, 'bad');
}

function onResume(resume) {
  const resumes = dashboard.stream.resumes;
  const inexact = resumes.filter((r) => !r.exact).length;
  $('reconnects').textContent = String(dashboard.stream.reconnects);
  $('exactness').textContent = inexact === 0 ? 'all exact' : inexact + ' not exact';
  $('exactness').className = inexact === 0 ? 'exact' : 'inexact';
  if (resume.exact) {
    log.add('Reconnect #' + resume.reconnect + ' resumed exactly', 'ok');
  } else {
    log.add('Reconnect #' + resume.reconnect + ' not exact: ' + resume.problems.join('; '), 'bad');
  }
}

function onProblem(problem) {
  const retry = problem.retry ? ' Retrying in ' + problem.retry + ' s.' : '';
  notices.show('problem', (problem.status ? problem.status + ' ' : '') + problem.title, problem.detail + retry);
  log.add('Refused: ' + problem.title, 'bad');
}

function connect() {
  disconnect();
  const options = streamOptions();
  if (options.topics.length === 0) {
    notices.show('problem', 'No topic selected', 'Pick at least one topic above.');
    return;
  }
  dashboard.received = [];
  dashboard.count = 0;
  dashboard.connectedAt = performance.now();
  arrivals = [];
  chart.clear();
  table.clear();
  paths.clear();
  log.clear();
  notices.clear();
  $('reconnects').textContent = '0';
  $('exactness').textContent = '—';
  $('exactness').className = 'muted';
  $('chart-title').textContent = options.topics.join(', ');
  rememberInUrl(options);
  const stream = Streamgate.create(options)
    .on('state', showState)
    .on('record', onRecord)
    .on('stream-info', onStreamInfo)
    .on('snapshot', onSnapshot)
    .on('delete', onDelete)
    .on('caught-up', () => log.add('Caught up with the head of the log', 'ok'))
    .on('gap', onGap)
    .on('reset', onReset)
    .on('decode-error', onDecodeError)
    .on('resume', onResume)
    .on('problem', onProblem);
  Streamgate.CONTROL_EVENTS.forEach((name) => stream.on(name, showLastId));
  dashboard.stream = stream;
  showLastId();
  stream.open();
}

function disconnect() {
  if (dashboard.stream && dashboard.stream.state !== 'closed') {
    dashboard.stream.close();
    log.add('Disconnected', 'warn');
  }
}

function tick() {
  const now = performance.now();
  arrivals = arrivals.filter((t) => now - t <= RATE_WINDOW_MS);
  const span = Math.min(RATE_WINDOW_MS, Math.max(1000, now - dashboard.connectedAt));
  $('rate').textContent = (arrivals.length * 1000 / span).toFixed(1);
  $('count').textContent = dashboard.count.toLocaleString();
  showSharing();
  ticker.render(chart.latest());
  paths.render();
}

function showStartFields() {
  $('since-field').hidden = $('start').value !== 'since';
  $('id-field').hidden = $('start').value !== 'id';
}

$('controls').addEventListener('submit', (event) => {
  event.preventDefault();
  if (dashboard.stream && dashboard.stream.state !== 'closed') disconnect();
  else connect();
});
// Enter in a text field (a new filter, say) (re)connects with what the form says now.
['keys', 'types', 'filter', 'fields', 'start-id'].forEach((id) => {
  $(id).addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      connect();
    }
  });
});
$('start').addEventListener('change', showStartFields);
document.querySelectorAll('.segmented button').forEach((button) => {
  button.addEventListener('click', () => {
    document.querySelectorAll('.segmented button').forEach((b) => b.classList.toggle('active', b === button));
    chart.setMode(button.dataset.mode);
  });
});
setInterval(tick, 500);

// Start from the page's address.
const preselect = list(params.get('topics'));
if (params.get('lastEventId')) {
  $('start').value = 'id';
  $('start-id').value = params.get('lastEventId');
} else if (params.get('since')) {
  const raw = params.get('since');
  const since = new Date(/^\d+$/.test(raw) ? Number(raw) : raw);
  if (!Number.isNaN(since.getTime())) {
    $('start').value = 'since';
    // datetime-local shows local time without a zone
    $('since').value = new Date(since.getTime() - since.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
  }
} else if (['earliest', 'latest', 'snapshot'].includes(params.get('from'))) {
  $('start').value = params.get('from');
}
$('keys').value = all('key').join(', ');
$('types').value = all('type').join(', ');
$('filter').value = params.get('filter') || '';
$('fields').value = all('fields').join(', ');
showStartFields();
const topics = await loadTopics(preselect);
if (preselect.length === 0 && topics.some((t) => t.name === DEMO_TOPIC)) {
  renderTopics(topics, [DEMO_TOPIC]);
}
if (selectedTopics().length > 0) connect();
