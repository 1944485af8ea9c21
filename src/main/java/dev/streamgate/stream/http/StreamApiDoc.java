package dev.streamgate.stream.http;

/**
 * The OpenAPI text of {@code GET /streams/{topics}}. OpenAPI has no schema language for an event
 * stream, so the event format is described in prose and examples; kept here so the resource stays
 * readable. docs/api.md is the full reference.
 */
final class StreamApiDoc {

  private StreamApiDoc() {}

  static final String STREAM =
      """
      Opens a `text/event-stream` of the records of one or more Kafka topics. Every event's `id` is \
      a cursor: the next offset of every partition of every topic in the stream. Reconnect with \
      the last id you saw (`Last-Event-ID` header, or `lastEventId` query on a first connect) and \
      the stream resumes exactly after it, on any instance: no gap, no duplicate.

      Precedence: `Last-Event-ID` header > `lastEventId` > `since` > `from`.

      A topic segment with `*` (any run of characters) or `?` (one character, written `%3F` in a \
      URL) is a pattern over the topics the caller may read (`/streams/orders.*,prices`); matching \
      topics created later join with a `stream-info` of their own and are read from their start, \
      a deleted one leaves with a `reset` of its own, and a topic beyond `max-topics` is \
      announced with `topic-skipped`.

      **Record events**: `id` = cursor after the record; `event` = the record's type header \
      (`ce_type` by default) or `message`; `data` = the value (`format=raw`, default) or a JSON \
      envelope `{"topic","partition","offset","timestamp","type","key","headers","value"}` \
      (`format=envelope`). Every CR, LF or CRLF in a value starts a new `data:` line. A tombstone \
      (null value) is an event named `delete`: `data` is its key (`raw`) or the envelope with \
      `"value":null`.

      **from=snapshot**: `stream-info`, a `snapshot` event (`keys` per topic, `next` = P), the \
      latest record of every key below P (keyless and deleted keys excluded, filters applied), \
      then `caught-up` and every record from P. Events before `caught-up` carry a snapshot id \
      (`s…`): a reconnect with it gets a whole new snapshot. 503 when the topic is above the \
      snapshot bounds.

      **conflate=<window>** (`50ms` to `60s`): per window of the wall clock, the latest record of \
      each key that changed (a `delete` for a tombstone) and every record without a key, then a \
      `batch` event per topic (`topic`, `events`, `next`) whose `id` is the batch's end; every \
      record's `id` lets a client that drops inside a batch resume without losing a key. A \
      stream that starts behind the head gets the state (one value per key changed since its \
      start) before `caught-up`. The page's key → value map equals the fold of the log up to \
      each `batch`'s id. Filters and `fields` apply before conflation.

      **Control events** (named, so `onmessage` never sees them; each carries the current cursor \
      as `id`):
      - `stream-info`: first event; per topic `start` (`resume`, `earliest`, `latest`, `since`, \
      `snapshot`) \
      and per partition `earliest`, `latest`, `start`.
      - `caught-up`: the stream reached the head it saw at open; `next` offsets per partition.
      - `batch` (`conflate`): the end of a topic's conflated batch; `topic`, `events` (record \
      events of the batch), `next` offsets per partition.
      - `gap`: retention deleted records the client had not read; `lost` in total and per \
      partition (`requested`, `resumedAt`, `lost`). The stream continues at the first retained \
      record.
      - `reset`: the id cannot be honoured (`reason`: `unreadable-id`, `other-topics`, \
      `topic-recreated`, `ahead-of-log`, `snapshot-interrupted`); the stream starts per \
      `since`/`from`. On a pattern stream also a matched topic leaving (`topic-deleted`, \
      `topic-recreated`, `topic-left`).
      - `topic-skipped`: a pattern stream does not read a matching topic (`topic`, `reason`: \
      `max-topics`, `max-id-length`, `max-filters`).
      - `token-expiring`: the caller's token expires soon (`expiresAt`); reopen from `id` with a \
      renewed token.
      - `revoked`: an operator closed the stream (`DELETE /admin/streams`); `reason`, and `id`, \
      the final id, to resume from. The stream ends right after it.

      The first event, `stream-info`, carries `retry: <ms>` (jittered); the stream sends \
      `: heartbeat` comments on silence; a stream filtered by `key`/`type` sends id-only blocks \
      instead, so a reconnect does not rescan filtered records.

      **NDJSON** (`Accept: application/x-ndjson`): one JSON object per line, records as envelopes \
      with `id` and `event`, control events as `{"id","event","data"}`, heartbeats as \
      `{"event":"heartbeat"}`.

      Refusals happen before any stream byte, as `application/problem+json`. A position that \
      cannot be honoured is never a 4xx (browsers do not reconnect after one): it is a `gap` or \
      `reset` event inside a 200 stream.""";

  static final String SSE_EXAMPLE =
      """
      id: 1AQtkZW1vLnByaWNlc5WYI6UGBggHAgQD
      event: stream-info
      retry: 3417
      data: {"topics":[{"topic":"demo.prices","start":"latest","partitions":[{"partition":0,\
      "earliest":0,"latest":3,"start":3}]}]}

      id: 1AQtkZW1vLnByaWNlc5WYI6UGBggHAgQD
      event: caught-up
      data: {"next":{"demo.prices":[3]}}

      id: 1AQtkZW1vLnByaWNlc5WYI6UGBggHAgYF
      event: price
      data: {"symbol":"UMBRELLA","price":416.66,"change":0.75,"ts":1795315905931}

      : heartbeat

      """;

  static final String NDJSON_EXAMPLE =
      """
      {"id":"1AQtkZW1vLnByaWNlc5WYI6UGBggHAgQD","event":"stream-info","data":{"topics":[]}}
      {"id":"1AQtkZW1vLnByaWNlc5WYI6UGBggHAgYF","event":"price","topic":"demo.prices",\
      "partition":0,"offset":3,"timestamp":1795315905931,"type":"price","key":"UMBRELLA",\
      "headers":{"ce_type":"price"},"value":"{\\"symbol\\":\\"UMBRELLA\\",\\"price\\":416.66}"}
      {"event":"heartbeat"}
      """;
}
