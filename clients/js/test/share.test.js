// One connection per browser: tabs are streams in one process, which shares Node's
// BroadcastChannel and one fake navigator.locks, as the tabs of a browser profile share theirs.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { create } from '../src/index.js';
import { FakeEventSource, FakeLocks, envelope, fakeFetch, jwt, streamInfo, until } from './fakes.js';

globalThis.EventSource = FakeEventSource;
Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });

let tabs = [];

beforeEach(() => {
  FakeEventSource.reset();
  globalThis.navigator.locks = new FakeLocks();
});

afterEach(() => {
  tabs.forEach((t) => t.stream.close());
  tabs = [];
});

/** A tab that opens the stream and notes what it hears. */
function tab(options) {
  const stream = create(Object.assign({ topics: ['t'], from: 'earliest' }, options));
  const got = { records: [], events: [], resumes: [], states: [], problems: [] };
  stream
    .on('record', (r) => got.records.push(r.envelope.offset))
    .on('resume', (r) => got.resumes.push(r))
    .on('state', (s) => got.states.push(s))
    .on('problem', (p) => got.problems.push(p.status));
  ['stream-info', 'snapshot', 'caught-up', 'gap', 'token-expiring'].forEach((name) => {
    stream.on(name, (body, event) => got.events.push([name, event.lastEventId]));
  });
  stream.on('renew', (r) => got.events.push(['renew', r.reason]));
  const opened = { stream, got };
  tabs.push(opened);
  stream.open();
  return opened;
}

/** The newest connection once it is made, opened (the server answered 200). */
async function connection(count) {
  await until(() => FakeEventSource.made.length >= count, 3000, 'connection ' + count);
  return FakeEventSource.made[count - 1].open();
}

/** Sends records from..to-1 of partition 0, with ids i<offset+1>. */
function records(es, from, to) {
  for (let offset = from; offset < to; offset++) es.send('message', envelope(0, offset), 'i' + (offset + 1));
}

function range(from, to) {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** A tab joins: its own connection from the start, caught up at id i<to>, then it follows. */
async function join(count, to) {
  const t = tab();
  const own = await connection(count);
  own.send('stream-info', streamInfo(0), 'i0');
  records(own, 0, to);
  own.send('caught-up', { next: { t: [to] } }, 'i' + to);
  await until(() => t.stream.role === 'follower', 3000, 'the tab to follow');
  assert.equal(own.readyState, FakeEventSource.CLOSED);
  return t;
}

/** Three tabs on one connection, each with records 0..5. */
async function threeTabs() {
  const a = tab();
  const shared = await connection(1);
  assert.equal(a.stream.role, 'owner');
  shared.send('stream-info', streamInfo(0), 'i0');
  records(shared, 0, 3);
  shared.send('caught-up', { next: { t: [3] } }, 'i3');
  const b = await join(2, 3);
  const c = await join(3, 3);
  records(shared, 3, 6);
  await until(() => [a, b, c].every((t) => t.got.records.length === 6), 3000, 'records 3..5 in every tab');
  return { a, b, c, shared };
}

test('three tabs read one connection; each gets every record once, in order', async () => {
  const { a, b, c } = await threeTabs();
  assert.deepEqual(FakeEventSource.live().length, 1);
  [a, b, c].forEach((t) => assert.deepEqual(t.got.records, range(0, 6)));
  assert.deepEqual([a, b, c].map((t) => t.stream.role), ['owner', 'follower', 'follower']);
  [a, b, c].forEach((t) => {
    assert.equal(t.stream.lastEventId, 'i6');
    assert.equal(t.stream.state, 'open');
  });
  // a joining tab saw its own stream-info and caught-up, as a private stream would
  assert.deepEqual(b.got.events, [['stream-info', 'i0'], ['caught-up', 'i3']]);
});

test('when the owner closes, the next tab resumes from the last id every tab heard', async () => {
  const { a, b, c } = await threeTabs();
  a.stream.close();
  const next = await connection(4);
  assert.equal(b.stream.role, 'owner');
  assert.equal(next.url, '/streams/t?lastEventId=i6&from=earliest&format=envelope');
  next.send('stream-info', streamInfo(6, 'resume'), 'i6');
  records(next, 6, 8);
  await until(() => [b, c].every((t) => t.got.records.length === 8), 3000, 'records 6, 7');
  [b, c].forEach((t) => {
    assert.deepEqual(t.got.records, range(0, 8));
    assert.equal(t.got.resumes.length, 1);
    assert.equal(t.got.resumes[0].exact, true);
    assert.equal(t.stream.reconnects, 1);
  });
  assert.deepEqual(a.got.records, range(0, 6));
  assert.equal(FakeEventSource.live().length, 1);
});

test('an owner that dies without a goodbye is replaced after the wait', async () => {
  const { a, b, c } = await threeTabs();
  a.stream.post = () => {}; // no goodbye reaches the others
  const died = Date.now();
  a.stream.close();
  const next = await connection(4);
  assert.ok(Date.now() - died >= 900, 'waited for a goodbye');
  assert.equal(next.url, '/streams/t?lastEventId=i6&from=earliest&format=envelope');
  next.send('stream-info', streamInfo(6, 'resume'), 'i6');
  records(next, 6, 7);
  await until(() => c.got.records.length === 7, 3000, 'record 6');
  assert.deepEqual(c.got.records, range(0, 7));
  assert.deepEqual(b.got.records, range(0, 7));
});

test('the resume check of a takeover sees a server that did not resume', async () => {
  const { a, c } = await threeTabs();
  a.stream.close();
  const next = await connection(4);
  next.send('stream-info', streamInfo(9, 'latest'), 'i9');
  records(next, 9, 10);
  await until(() => c.got.resumes.length === 1, 3000, 'the verdict');
  assert.equal(c.got.resumes[0].exact, false);
  assert.deepEqual(c.got.resumes[0].problems, ['t started at latest', 't/0 resumed at 9, expected 6']);
});

test('a follower that hears an event not following its last id resumes on its own connection', async () => {
  const { b, c, shared } = await threeTabs();
  c.stream.onMessage({
    kind: 'event', from: 'elsewhere', name: 'record', prev: 'i4', id: 'i5', state: 'open',
    value: { envelope: envelope(0, 4) }, counts: { reconnects: 0, renewals: 0 },
  });
  assert.equal(c.stream.role, 'joining');
  const own = await connection(4);
  assert.equal(own.url, '/streams/t?lastEventId=i6&from=earliest&format=envelope');
  own.send('stream-info', streamInfo(6, 'resume'), 'i6');
  records(own, 6, 7);
  own.send('caught-up', { next: { t: [7] } }, 'i7');
  records(shared, 6, 9);
  await until(() => c.stream.role === 'follower' && c.got.records.length === 9, 3000, 'c to follow again');
  assert.deepEqual(c.got.records, range(0, 9));
  assert.equal(c.got.resumes[0].exact, true);
  await until(() => b.got.records.length === 9, 3000, 'b');
  assert.deepEqual(b.got.records, range(0, 9));
  assert.equal(FakeEventSource.live().length, 1);
});

test('a joining tab follows where the relay passed the id its own connection reached', async () => {
  const a = tab();
  const shared = await connection(1);
  shared.send('stream-info', streamInfo(0), 'i0');
  records(shared, 0, 2);
  const b = tab();
  const own = await connection(2);
  own.send('stream-info', streamInfo(0), 'i0');
  records(shared, 2, 5); // the relay is ahead; b keeps what it heard
  records(own, 0, 3);
  own.send('caught-up', { next: { t: [3] } }, 'i3');
  await until(() => b.stream.role === 'follower' && b.got.records.length === 5, 3000, 'b to follow');
  assert.deepEqual(b.got.records, range(0, 5));
  assert.deepEqual(a.got.records, range(0, 5));
});

test('a tab that joins a snapshot stream gets its own snapshot, then follows', async () => {
  const a = tab({ from: 'snapshot' });
  const shared = await connection(1);
  shared.send('stream-info', streamInfo(0, 'snapshot'), 's0').send('snapshot', { keys: { t: 0 }, next: { t: [0] } }, 's0');
  shared.send('caught-up', { next: { t: [0] } }, 'i0');
  records(shared, 0, 4);
  const b = tab({ from: 'snapshot' });
  const own = await connection(2);
  own.send('stream-info', streamInfo(4, 'snapshot'), 's4').send('snapshot', { keys: { t: 4 }, next: { t: [4] } }, 's4');
  for (let k = 0; k < 4; k++) own.send('message', envelope(0, k), 's4');
  own.send('caught-up', { next: { t: [4] } }, 'i4');
  await until(() => b.stream.role === 'follower', 3000, 'b to follow');
  records(shared, 4, 5);
  await until(() => b.got.records.length === 5, 3000, 'record 4');
  assert.deepEqual(b.got.events.map((e) => e[0]), ['stream-info', 'snapshot', 'caught-up']);
  assert.deepEqual(b.got.records, range(0, 5));
  assert.deepEqual(a.got.records, range(0, 5));
});

test('tabs of other callers do not share; a renewed token of the same caller does', async () => {
  const alice = tab({ accessToken: jwt({ iss: 'idp', sub: 'alice', exp: 1 }) });
  await connection(1);
  const bob = tab({ accessToken: () => jwt({ iss: 'idp', sub: 'bob', exp: 2 }) });
  await connection(2);
  assert.deepEqual([alice.stream.role, bob.stream.role], ['owner', 'owner']);
  const alice2 = tab({ accessToken: () => Promise.resolve(jwt({ iss: 'idp', sub: 'alice', exp: 3 })) });
  await until(() => alice2.stream.role === 'joining', 3000, 'alice2 to join alice');
  const other = tab({ topics: ['t'], keys: ['k1'] });
  await until(() => other.stream.role === 'owner', 3000, 'another stream');
});

test('a refusal closes every tab', async () => {
  globalThis.fetch = fakeFetch(() => ({ status: 403, body: { title: 'Forbidden', detail: 'no' } }));
  const { a, b, c, shared } = await threeTabs();
  shared.fail();
  await until(() => [a, b, c].every((t) => t.stream.state === 'closed'), 3000, 'every tab closed');
  [a, b, c].forEach((t) => {
    assert.deepEqual(t.got.problems, [403]);
    assert.equal(t.stream.role, null);
  });
});

test('each owner opens the stream with its own ticket', async () => {
  let tickets = 0;
  globalThis.fetch = fakeFetch(() => ({ status: 201, body: { ticket: 'tk' + (++tickets) } }));
  const options = { ticketUrl: '/tickets', accessToken: jwt({ sub: 'alice' }) };
  const a = tab(options);
  const shared = await connection(1);
  assert.equal(shared.url, '/streams/t?from=earliest&format=envelope&ticket=tk1');
  shared.send('stream-info', streamInfo(0), 'i0');
  records(shared, 0, 2);
  shared.send('caught-up', { next: { t: [2] } }, 'i2');
  const b = tab(options);
  const own = await connection(2);
  assert.equal(own.url, '/streams/t?from=earliest&format=envelope&ticket=tk2');
  own.send('stream-info', streamInfo(0), 'i0');
  records(own, 0, 2);
  own.send('caught-up', { next: { t: [2] } }, 'i2');
  await until(() => b.stream.role === 'follower', 3000, 'b to follow');
  a.stream.close();
  const next = await connection(3);
  assert.equal(next.url, '/streams/t?lastEventId=i2&from=earliest&format=envelope&ticket=tk3');
  assert.equal(b.stream.renewals, 1);
});

test('token-expiring in the owner: every tab hears the renewal, none hears an event twice', async () => {
  let n = 0;
  const options = { accessToken: () => jwt({ sub: 'alice', n: ++n }) };
  const a = tab(options);
  const shared = await connection(1);
  shared.send('stream-info', streamInfo(0), 'i0');
  records(shared, 0, 2);
  shared.send('caught-up', { next: { t: [2] } }, 'i2');
  const b = tab(options);
  const own = await connection(2);
  own.send('stream-info', streamInfo(0), 'i0');
  records(own, 0, 2);
  own.send('caught-up', { next: { t: [2] } }, 'i2');
  await until(() => b.stream.role === 'follower', 3000, 'b to follow');
  shared.send('token-expiring', { expiresAt: '2030-01-01T00:00:00Z', id: 'i2' }, 'i2');
  const renewed = await connection(3);
  records(shared, 2, 3); // the old connection's, unheard: the new one sends it again
  renewed.send('stream-info', streamInfo(2, 'resume'), 'i2');
  records(renewed, 2, 4);
  await until(() => b.got.records.length === 4, 3000, 'records 2, 3');
  [a, b].forEach((t) => {
    assert.deepEqual(t.got.records, range(0, 4));
    assert.deepEqual(t.got.events.slice(-3).map((e) => e[0]), ['renew', 'token-expiring', 'stream-info']);
    assert.equal(t.got.resumes[0].exact, true);
  });
  assert.equal(FakeEventSource.live().length, 1);
});

test('a stream without an identity (a failing token function) runs alone and reports the problem', async () => {
  const t = tab({ accessToken: () => Promise.reject(new Error('no session')) });
  await until(() => t.stream.state === 'closed', 3000, 'the problem');
  assert.equal(t.got.problems.length, 1); // reported by its own connection, as a private stream's
  assert.equal(FakeEventSource.made.length, 0);
  assert.equal(globalThis.navigator.locks.queues.size, 0); // it never asked for a lock
});

test('share: false, or a browser without Web Locks or BroadcastChannel, keeps a private connection', async () => {
  const a = tab({ share: false });
  const b = tab({ share: false });
  await connection(2);
  assert.deepEqual([a.stream.role, b.stream.role], ['private', 'private']);
  globalThis.navigator.locks = undefined;
  assert.equal(tab().stream.role, 'private');
  globalThis.navigator.locks = new FakeLocks();
  const channel = globalThis.BroadcastChannel;
  globalThis.BroadcastChannel = undefined;
  try {
    assert.equal(tab().stream.role, 'private');
  } finally {
    globalThis.BroadcastChannel = channel;
  }
});
