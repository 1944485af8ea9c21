// Types of the Streamgate browser client (docs/client.md); the control event bodies are those of
// docs/api.md#control-events.

/** `envelope`: each record's data is a JSON {@link Envelope}; `raw`: the record value itself. */
export type Format = 'envelope' | 'raw';

/** Where a stream without a usable id and without `since` starts. */
export type From = 'latest' | 'earliest' | 'snapshot';

/** A stream's connection: `closed` before `open()`, after `close()` and after a final refusal. */
export type State = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * How this tab reads the stream: `private` (its own connection, never shared), `owner` (it runs the
 * connection the tabs share), `follower` (it hears the owner's), `joining` (its own connection
 * until it has caught up with the shared one), `null` (a shared stream not open).
 */
export type Role = 'private' | 'owner' | 'follower' | 'joining' | null;

/** A token, or a function that returns one (or a promise of one) before each connect. */
export type AccessToken =
  | string
  | null
  | (() => string | null | undefined | PromiseLike<string | null | undefined>);

export interface StreamOptions {
  /** One topic or several, joined with `,` into `/streams/{topics}`; `*` and `?` are patterns. */
  topics: string | string[];
  /** Where Streamgate is; default the page's origin. */
  baseUrl?: string;
  /** Default `envelope`. */
  format?: Format;
  /** Used when there is no id and no `since`; the server's default is `latest`. */
  from?: From;
  /** A Date, an ISO-8601 string or epoch milliseconds: start at the first record at or after it. */
  since?: Date | string | number | null;
  /** Resume after this id on the first connect; later connects use the last id seen. */
  lastEventId?: string | null;
  /** Only records with these keys (server-side). */
  keys?: string | string[];
  /** Only records of these event types (server-side); also listened to as record types. */
  types?: string | string[];
  /** A CEL expression the server evaluates on each record (docs/api.md#filters-and-projection). */
  filter?: string;
  /** Send only these fields of JSON object values: names or dotted paths. */
  fields?: string | string[];
  /** The caller's token carries a filter claim: resume checks allow positions past filtered records. */
  filtered?: boolean;
  /** Event names to listen to for records; default `['message']`, plus every `types` entry. */
  recordTypes?: string[];
  /** Sent as `access_token`, or exchanged for a ticket at `ticketUrl`. */
  accessToken?: AccessToken;
  /** POST the token there for a one-use stream ticket before every connect (no token in a URL). */
  ticketUrl?: string;
  /** Send cookies cross-origin (EventSource's own option). */
  withCredentials?: boolean;
  /**
   * Share one connection between the tabs of this origin that open the same stream. Default
   * true; a browser without Web Locks or BroadcastChannel always gets a private connection.
   */
  share?: boolean;
  /**
   * The caller, for sharing: tabs share a stream only when their callers are the same. Default:
   * the token's issuer and subject (a JWT), else a hash of the token, else '' (no token).
   */
  shareKey?: string;
}

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [field: string]: Json };

/** The schema a key or value was decoded with (docs/api.md#decoded-records-schema-registry). */
export interface SchemaInfo {
  /** The registry's schema id; absent for a bare topic's schema from a file. */
  id?: number;
  type: 'AVRO' | 'PROTOBUF' | 'JSON';
  /** Where the registry says it (the topic's own subject when listed). */
  subject?: string;
  version?: number;
}

/** A record as `format: 'envelope'` sends it (docs/api.md#envelope-formatenvelope-and-every-ndjson-line). */
export interface Envelope {
  topic: string;
  partition: number;
  offset: number;
  /** Epoch milliseconds. */
  timestamp: number;
  /** The event type header (`ce_type`), when the record has one. */
  type?: string;
  /** Text (or base64); a key decoded through the schema registry is its JSON, with `keySchema`. */
  key: Json;
  keyEncoding?: 'base64';
  keySchema?: SchemaInfo;
  /** Header name to text; a repeated name holds an array; a binary value is `{base64}`. */
  headers: Record<string, HeaderValue | HeaderValue[]>;
  /**
   * Text (or base64), null for a tombstone; a value decoded through the schema registry is its
   * JSON itself (an object, not a string), with `schema`.
   */
  value: Json;
  valueEncoding?: 'base64';
  schema?: SchemaInfo;
}

export type HeaderValue = string | null | { base64: string };

/** What `record` handlers get. */
export interface RecordEvent {
  /** The SSE event name: the record's type, or `message`. */
  type: string;
  /** Its id: the stream's position after this record. */
  id: string;
  /** The event's data as sent. */
  data: string;
  /** The parsed envelope (`format: 'envelope'`), else null. */
  envelope: Envelope | null;
  /** The record value as text (parse JSON yourself); a decoded value is its JSON as text. */
  value: string;
}

/** What `delete` handlers get: a tombstone, the key was deleted. */
export interface DeleteEvent {
  id: string;
  /** The record's key as text, in both formats (a decoded string key is that string). */
  key: string | null;
  envelope: Envelope | null;
  data: string;
}

/** How a topic of the stream starts: `resume` after the id, or per `since`, `from`. */
export type TopicStartKind = 'resume' | 'earliest' | 'latest' | 'since' | 'snapshot';

export interface PartitionStart {
  partition: number;
  /** The first retained offset. */
  earliest: number;
  /** The next offset to be written. */
  latest: number;
  /** The next offset this stream delivers. */
  start: number;
}

export interface TopicStart {
  topic: string;
  start: TopicStartKind;
  /** A topic that joined a running pattern stream (read from its start). */
  joined?: true;
  partitions: PartitionStart[];
}

/** `stream-info`: first event of every stream; on a pattern stream also when a topic joins. */
export interface StreamInfo {
  topics: TopicStart[];
}

/** Next offset per topic, one entry per partition. */
export type Offsets = Record<string, number[]>;

/** `snapshot` (`from: 'snapshot'`): replace the page's state with the records that follow. */
export interface Snapshot {
  /** Keys per topic in the snapshot, before the stream's filters. */
  keys: Record<string, number>;
  /** P: the position the snapshot is as of, where the live records start. */
  next: Offsets;
}

/** `caught-up`: the stream reached the head it saw at open. */
export interface CaughtUp {
  next: Offsets;
}

export interface GapPartition {
  topic: string;
  partition: number;
  requested: number;
  resumedAt: number;
  lost: number;
}

/** `gap`: retention deleted records this client had not read; the stream goes on after them. */
export interface Gap {
  reason: 'retention';
  lost: number;
  partitions: GapPartition[];
}

export type ResetReason =
  | 'unreadable-id'
  | 'other-topics'
  | 'topic-recreated'
  | 'ahead-of-log'
  | 'snapshot-interrupted'
  | 'topic-deleted'
  | 'topic-left';

/** `reset`: an id that could not be honoured (or a pattern stream's topic that left). */
export interface Reset {
  reason: ResetReason;
  detail: string;
  topics: string[];
  /** Where each topic starts now; `left` for a topic that left the stream. */
  start: Record<string, TopicStartKind | 'left'>;
}

/** `token-expiring`: the caller's token ends soon; the client renews and resumes by itself. */
export interface TokenExpiring {
  /** ISO-8601. */
  expiresAt: string;
  /** The id to reopen from. */
  id: string;
}

/** `revoked`: an operator closed the stream; the client resumes from `id`. */
export interface Revoked {
  reason: string;
  id: string;
}

/** `topic-skipped`: a topic a pattern matches that the stream does not read. */
export interface TopicSkipped {
  topic: string;
  reason: 'max-topics' | 'max-id-length' | 'max-filters';
  detail: string;
}

export type DecodeReason =
  | 'unknown-schema'
  | 'truncated-framing'
  | 'bad-framing'
  | 'payload-mismatch'
  | 'unsupported-schema-type'
  | 'invalid-schema'
  | 'schema-too-large'
  | 'registry-unavailable'
  | 'too-large'
  | 'too-deep';

/**
 * `decode-error`: a record the schema registry could not decode, in its place (its id moves the
 * stream's position like a record's); the stream goes on.
 */
export interface DecodeError {
  topic: string;
  partition: number;
  offset: number;
  /** Epoch milliseconds. */
  timestamp: number;
  /** Which part could not be decoded. */
  part: 'key' | 'value';
  /** The schema id the framing named; null when the framing ended before it. */
  schemaId: number | null;
  reason: DecodeReason;
  message: string;
  /** The raw key, base64; null when absent. Left out when `withheld`. */
  key?: string | null;
  /** The raw value, base64; null when absent. Left out when `withheld`. */
  value?: string | null;
  /** The raw bytes are not sent to a caller whose token carries a filter claim. */
  withheld?: true;
}

/** `resume`: after every reconnect, whether the new connection continued exactly. */
export interface ResumeVerdict {
  /** Which reconnect (1, 2, ...). */
  reconnect: number;
  at: Date;
  /** The id it resumed from. */
  lastEventId: string | null;
  exact: boolean;
  /** Each deviation, e.g. `demo.prices/3 resumed at 120, expected 118`. */
  problems: string[];
}

/** `problem`: a refusal (problem JSON) or a network error. */
export interface Problem {
  /** 0 for a network error. */
  status: number;
  title: string;
  detail: string;
  /** Seconds until the client opens the stream again; null: it stays closed. */
  retry: number | null;
}

/** `renew`: fresh credentials are being fetched. */
export type Renewal =
  | { reason: 'token-expiring'; expiresAt: string; lastEventId: string | null }
  | { reason: 'unauthorized'; lastEventId: string | null };

/** Control event name to its body. */
export interface ControlEvents {
  'stream-info': StreamInfo;
  snapshot: Snapshot;
  'caught-up': CaughtUp;
  gap: Gap;
  reset: Reset;
  'token-expiring': TokenExpiring;
  revoked: Revoked;
  'topic-skipped': TopicSkipped;
  'decode-error': DecodeError;
}

export type ControlEventName = keyof ControlEvents;

/** Every name `on` takes, to what its handlers get first. */
export interface StreamEvents extends ControlEvents {
  record: RecordEvent;
  delete: DeleteEvent;
  state: State;
  resume: ResumeVerdict;
  problem: Problem;
  renew: Renewal;
}

export type EventName = keyof StreamEvents;

/**
 * A control handler's second argument: the browser's MessageEvent, or in a tab that follows a
 * shared stream, the type, data and id of the event the owner's connection received.
 */
export interface ControlMessage {
  readonly type: string;
  readonly data: string;
  readonly lastEventId: string;
}

export type Handler<K extends EventName> = K extends ControlEventName
  ? (body: StreamEvents[K], event: ControlMessage) => void
  : (value: StreamEvents[K]) => void;

export interface Stream {
  /** Registers a handler; returns the stream. */
  on<K extends EventName>(name: K, handler: Handler<K>): this;
  /** Opens the stream (after the last id seen, if any). */
  open(): this;
  /** Closes it for good; a shared stream's owner hands the connection to another tab. */
  close(): void;
  /**
   * Opens again from the last id seen with changed options, e.g. a fresh `accessToken`. A
   * shared stream takes only credentials: what it streams cannot change (it throws).
   */
  reconnect(changes?: Partial<StreamOptions>): this;
  readonly state: State;
  readonly role: Role;
  /** The id of the last event this page saw. */
  readonly lastEventId: string | null;
  /** The URL of this tab's current connection; null in a tab that follows a shared one. */
  readonly url: string | null;
  /** How many times the stream opened again after its first open. */
  readonly reconnects: number;
  /** How many times fresh credentials were fetched after the first connect. */
  readonly renewals: number;
  /** The last 100 resume verdicts. */
  readonly resumes: readonly ResumeVerdict[];
}

/** Creates a stream without opening it: register handlers, then call `open()`. */
export function create(options: StreamOptions): Stream;

/** Creates a stream and opens it. */
export function connect(options: StreamOptions): Stream;

/** The stream URL for these options (`lastEventId`: the first connect's). */
export function url(options: StreamOptions & { ticket?: string }): string;

/** The control event names. */
export const CONTROL_EVENTS: readonly ControlEventName[];
