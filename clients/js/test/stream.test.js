// A stream on its own connection (share: false), against a fake EventSource.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { create } from '../src/index.js';
import { FakeEventSource, envelope, fakeFetch, settle, streamInfo, until } from './fakes.js';

globalThis.EventSource = FakeEventSource;

beforeEach(() => FakeEventSource.reset());

function received(stream) {
  const got = { records: [], deletes: [], events: [], states: [], resumes: [], problems: [], renewals: [] };
  stream
    .on('record', (r) => got.records.push(r.envelope ? r.envelope.offset : r.value))
    .on('delete', (d) => got.deletes.push(d.key))
    .on('state', (s) => got.states.push(s))
    .on('resume', (r) => got.resumes.push(r))
    .on('problem', (p) => got.problems.push(p))
    .on('renew', (r) => got.renewals.push(r.reason));
  ['stream-info', 'caught-up', 'gap', 'reset', 'token-expiring', 'revoked'].forEach((name) => {
    stream.on(name, (body, event) => got.events.push([name, event.lastEventId]));
  });
  return got;
}

async function opened(stream) {
  await until(() => FakeEventSource.live().length > 0, 3000, 'a connection');
  return FakeEventSource.live().at(-1).open();
}

test('records, tombstones and control events, with the last id seen', async () => {
  const stream = create({ topics: ['t'], share: false });
  const got = received(stream);
  stream.open();
  const es = await opened(stream);
  assert.equal(stream.role, 'private');
  assert.equal(es.url, '/streams/t?format=envelope');
  es.send('stream-info', streamInfo(0), 'i0')
    .send('message', envelope(0, 0), 'i1')
    .send('delete', Object.assign(envelope(0, 1), { value: null }), 'i2')
    .send('caught-up', { next: { t: [2] } }, 'i2');
  assert.deepEqual(got.records, [0]);
  assert.deepEqual(got.deletes, ['k1']);
  assert.deepEqual(got.events, [['stream-info', 'i0'], ['caught-up', 'i2']]);
  assert.equal(stream.lastEventId, 'i2');
  assert.deepEqual(got.states, ['connecting', 'open']);
  stream.close();
  assert.equal(stream.state, 'closed');
  assert.equal(FakeEventSource.live().length, 0);
});

test('a decoded value is text in record.value; a decode-error moves the position like a record', async () => {
  const stream = create({ topics: ['t'], share: false, from: 'earliest' });
  const got = received(stream);
  const values = [];
  const errors = [];
  stream.on('record', (r) => values.push([r.value, r.envelope.schema && r.envelope.schema.id]))
    .on('decode-error', (e, event) => errors.push([e.reason, e.offset, event.lastEventId]));
  stream.open();
  const es = await opened(stream);
  const decoded = Object.assign(envelope(0, 0), { value: { bid: 1.5 }, schema: { id: 3, type: 'AVRO' } });
  es.send('stream-info', streamInfo(0), 'i0')
    .send('message', decoded, 'i1')
    .send('decode-error', { topic: 't', partition: 0, offset: 1, part: 'value', schemaId: 9,
      reason: 'unknown-schema', message: 'no', key: null, value: 'AAAAAAk=' }, 'i2')
    .send('delete', Object.assign(envelope(0, 2), { key: 'ACME', keySchema: { id: 4, type: 'AVRO' }, value: null }), 'i3');
  assert.deepEqual(values, [['{"bid":1.5}', 3]]);
  assert.deepEqual(errors, [['unknown-schema', 1, 'i2']]);
  assert.deepEqual(got.deletes, ['ACME']);
  assert.equal(stream.lastEventId, 'i3');
  es.drop();
  es.open().send('stream-info', streamInfo(3, 'resume'), 'i3').send('message', envelope(0, 3), 'i4');
  assert.equal(got.resumes[0].exact, true, got.resumes[0].problems.join());
  stream.close();
});

test('a resume that starts where the page stopped is exact; one that does not says why', async () => {
  const stream = create({ topics: ['t'], share: false, from: 'earliest' });
  const got = received(stream);
  stream.open();
  const es = await opened(stream);
  es.send('stream-info', streamInfo(0), 'i0').send('message', envelope(0, 0), 'i1').send('message', envelope(0, 1), 'i2');
  es.drop();
  assert.equal(stream.state, 'reconnecting');
  es.open().send('stream-info', streamInfo(2, 'resume'), 'i2').send('message', envelope(0, 2), 'i3');
  assert.equal(got.resumes.length, 1);
  assert.equal(got.resumes[0].exact, true);
  assert.equal(got.resumes[0].lastEventId, 'i2');
  es.drop();
  es.open().send('stream-info', streamInfo(5, 'latest'), 'i5').send('message', envelope(0, 5), 'i6');
  assert.equal(got.resumes[1].exact, false);
  assert.deepEqual(got.resumes[1].problems, ['t started at latest', 't/0 resumed at 5, expected 3']);
  es.drop();
  es.open().send('stream-info', streamInfo(6, 'resume'), 'i6').send('gap', { reason: 'retention', lost: 4 }, 'i6');
  es.send('message', envelope(0, 10), 'i7');
  assert.equal(got.resumes[2].exact, false);
  assert.deepEqual(got.resumes[2].problems, ['gap: 4 records deleted by retention']);
  assert.equal(stream.reconnects, 3);
  stream.close();
});

test('a ticketed stream reconnects itself with a fresh ticket after its last id', async () => {
  let tickets = 0;
  globalThis.fetch = fakeFetch((url, init) => {
    assert.equal(url, '/tickets');
    assert.equal(init.headers.Authorization, 'Bearer tok');
    tickets += 1;
    return { status: 201, body: { ticket: 'tk' + tickets } };
  });
  const stream = create({ topics: ['t'], share: false, ticketUrl: '/tickets', accessToken: () => Promise.resolve('tok') });
  stream.open();
  const es = await opened(stream);
  assert.equal(es.url, '/streams/t?format=envelope&ticket=tk1');
  es.send('message', envelope(0, 0), 'i1');
  es.drop();
  await until(() => FakeEventSource.live().length === 1 && FakeEventSource.live()[0] !== es, 3000, 'a new connection');
  assert.equal(FakeEventSource.live()[0].url, '/streams/t?lastEventId=i1&format=envelope&ticket=tk2');
  assert.equal(stream.renewals, 1);
  stream.close();
});

test('token-expiring: the next connection opens from the given id, the old one is unheard', async () => {
  let n = 0;
  const stream = create({ topics: ['t'], share: false, accessToken: () => 'tok' + (++n) });
  const got = received(stream);
  stream.open();
  const es = await opened(stream);
  es.send('message', envelope(0, 0), 'i1').send('token-expiring', { expiresAt: '2030-01-01T00:00:00Z', id: 'i1' }, 'i1');
  await until(() => FakeEventSource.made.length === 2, 3000, 'the next connection');
  const next = FakeEventSource.made[1];
  assert.equal(next.url, '/streams/t?lastEventId=i1&format=envelope&access_token=tok2');
  es.send('message', envelope(0, 1), 'i2'); // the old connection's: sent again by the new one
  next.open().send('stream-info', streamInfo(1, 'resume'), 'i1').send('message', envelope(0, 1), 'i2');
  assert.equal(es.readyState, FakeEventSource.CLOSED);
  assert.deepEqual(got.records, [0, 1]);
  assert.deepEqual(got.renewals, ['token-expiring']);
  assert.equal(got.resumes[0].exact, true);
  stream.close();
});

test('a refusal is read from the problem JSON: 401 renews once, 404 stays closed', async () => {
  globalThis.fetch = fakeFetch(() => ({ status: 401, body: { title: 'Unauthorized', detail: 'expired' } }));
  let n = 0;
  const stream = create({ topics: ['t'], share: false, accessToken: () => 'tok' + (++n) });
  const got = received(stream);
  stream.open();
  (await opened(stream)).fail();
  await until(() => FakeEventSource.made.length === 2, 3000, 'a renewed connection');
  assert.deepEqual(got.renewals, ['unauthorized']);
  globalThis.fetch = fakeFetch(() => ({ status: 404, body: { title: 'Unknown topic', detail: 'No such topic: t' } }));
  FakeEventSource.made[1].fail();
  await until(() => stream.state === 'closed', 3000, 'closed');
  assert.deepEqual(got.problems, [{ status: 404, title: 'Unknown topic', detail: 'No such topic: t', retry: null }]);
  await settle();
  assert.equal(FakeEventSource.made.length, 2);
});
