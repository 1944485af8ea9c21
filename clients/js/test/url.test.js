import assert from 'node:assert/strict';
import { test } from 'node:test';
import { url } from '../src/index.js';

test('every option goes into the URL, credentials last', () => {
  assert.equal(
    url({
      baseUrl: 'https://sg.example/', topics: ['a b', 'c'], lastEventId: '1AB', since: new Date(0),
      from: 'earliest', format: 'raw', keys: ['k1', 'k&2'], types: ['price'], accessToken: 't/k',
    }),
    'https://sg.example/streams/a%20b,c?lastEventId=1AB&since=1970-01-01T00%3A00%3A00.000Z'
      + '&from=earliest&format=raw&key=k1&key=k%262&type=price&access_token=t%2Fk');
});

test('a filter and fields; a ticket instead of the token', () => {
  assert.equal(
    url({ topics: 'prices', filter: 'value.price > 4.0', fields: ['symbol', 'price'], ticket: 'tk', accessToken: 'never' }),
    '/streams/prices?filter=value.price+%3E+4.0&fields=symbol%2Cprice&ticket=tk');
});

test('a token function is not put in the URL; blank topics are dropped', () => {
  assert.equal(url({ topics: [' a ', ''], accessToken: () => 'x' }), '/streams/a');
});

test('conflate: a duration as given, milliseconds as ms', () => {
  assert.equal(url({ topics: 'p', conflate: '250ms' }), '/streams/p?conflate=250ms');
  assert.equal(url({ topics: 'p', conflate: 1000 }), '/streams/p?conflate=1000ms');
  assert.equal(url({ topics: 'p', conflate: 0 }), '/streams/p');
});

test('no topic is an error', () => {
  assert.throws(() => url({ topics: [] }), /name at least one topic/);
});
