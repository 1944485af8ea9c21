// The served files, /streamgate.js and /streamgate.mjs, built from these sources by
// build/Bundle.java: the same client. Maven passes the directory it built them in
// (STREAMGATE_BUNDLE); on its own, this builds them with the JDK's java.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import * as source from '../src/index.js';
import { FakeEventSource, FakeLocks, envelope, streamInfo, until } from './fakes.js';

const here = dirname(fileURLToPath(import.meta.url));

function bundled() {
  if (process.env.STREAMGATE_BUNDLE) return process.env.STREAMGATE_BUNDLE;
  const out = mkdtempSync(join(tmpdir(), 'streamgate-bundle-'));
  execFileSync('java', [join(here, '../build/Bundle.java'), join(here, '../src/index.js'), out, 'Streamgate']);
  return out;
}

const dir = bundled();
const OPTIONS = { baseUrl: 'https://sg.example', topics: ['a', 'b'], since: 5, keys: ['k'], fields: 'x,y', accessToken: 't' };

/** The classic script run as a page would: a global Streamgate and nothing else. */
function classic(globals) {
  const page = vm.createContext(Object.assign({ URLSearchParams, URL, console, setTimeout, clearTimeout }, globals));
  vm.runInContext(readFileSync(join(dir, 'streamgate.js'), 'utf8'), page);
  return page;
}

test('the classic script defines only Streamgate, with the module\'s exports', () => {
  const page = classic({});
  const added = Object.keys(page).filter((k) => !['URLSearchParams', 'URL', 'console', 'setTimeout', 'clearTimeout'].includes(k));
  assert.deepEqual(added, ['Streamgate']);
  assert.deepEqual(Object.keys(page.Streamgate).sort(), Object.keys(source).sort());
  assert.equal(page.Streamgate.url(OPTIONS), source.url(OPTIONS));
  assert.deepEqual(Array.from(page.Streamgate.CONTROL_EVENTS), source.CONTROL_EVENTS);
});

test('the one-file module exports what the package does', async () => {
  const bundle = await import(pathToFileURL(join(dir, 'streamgate.mjs')).href);
  assert.deepEqual(Object.keys(bundle).sort(), Object.keys(source).sort());
  assert.equal(bundle.url(OPTIONS), source.url(OPTIONS));
});

test('the classic script streams', async () => {
  FakeEventSource.reset();
  const page = classic({ EventSource: FakeEventSource });
  const offsets = [];
  page.Streamgate.connect({ topics: ['t'] }).on('record', (r) => offsets.push(r.envelope.offset));
  await until(() => FakeEventSource.made.length === 1);
  FakeEventSource.made[0].open().send('stream-info', streamInfo(0), 'i0').send('message', envelope(0, 0), 'i1');
  assert.deepEqual(offsets, [0]);
});

test('a tab on the served module and a tab on the package share one connection', async () => {
  FakeEventSource.reset();
  globalThis.EventSource = FakeEventSource;
  Object.defineProperty(globalThis, 'navigator', { value: { locks: new FakeLocks() }, configurable: true });
  const bundle = await import(pathToFileURL(join(dir, 'streamgate.mjs')).href);
  const owner = bundle.connect({ topics: ['t'] });
  await until(() => FakeEventSource.made.length === 1);
  const shared = FakeEventSource.made[0].open().send('stream-info', streamInfo(0, 'latest'), 'i0');
  shared.send('caught-up', { next: { t: [0] } }, 'i0');
  const offsets = [];
  const follower = source.connect({ topics: ['t'] }).on('record', (r) => offsets.push(r.envelope.offset));
  await until(() => FakeEventSource.made.length === 2);
  FakeEventSource.made[1].open().send('stream-info', streamInfo(0, 'latest'), 'i0').send('caught-up', { next: { t: [0] } }, 'i0');
  await until(() => follower.role === 'follower');
  shared.send('message', envelope(0, 0), 'i1');
  await until(() => offsets.length === 1);
  assert.equal(owner.role, 'owner');
  assert.equal(FakeEventSource.live().length, 1);
  owner.close();
  follower.close();
});
