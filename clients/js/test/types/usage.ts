// Type-checked (tsc --noEmit), never run: how a bundler's page uses the package, and what the
// declarations refuse. Imports the package by its name, as an application does.
import {
  CONTROL_EVENTS,
  connect,
  create,
  url,
  type CaughtUp,
  type ControlEventName,
  type ControlMessage,
  type DecodeError,
  type DeleteEvent,
  type Envelope,
  type Gap,
  type Problem,
  type RecordEvent,
  type Renewal,
  type Reset,
  type ResumeVerdict,
  type Revoked,
  type Role,
  type SchemaInfo,
  type Snapshot,
  type State,
  type Stream,
  type StreamInfo,
  type StreamOptions,
  type TokenExpiring,
  type TopicSkipped,
} from '@streamgate/client';

declare function render(key: unknown, value: unknown): void;
declare function forget(key: string | null): void;
declare const auth: { getAccessToken(): Promise<string> };

const options: StreamOptions = {
  topics: ['demo.prices', 'demo.trades'],
  baseUrl: 'https://streamgate.example.com',
  format: 'envelope',
  recordTypes: ['price', 'trade'],
  from: 'snapshot',
  since: new Date(),
  keys: ['ACME'],
  types: 'price',
  filter: 'value.price > 400.0',
  fields: ['symbol', 'price'],
  filtered: true,
  ticketUrl: '/tickets',
  accessToken: () => auth.getAccessToken(),
  withCredentials: false,
  share: true,
  shareKey: 'user-42',
};

const stream: Stream = connect(options)
  .on('record', (r: RecordEvent) => {
    const e: Envelope | null = r.envelope;
    if (e) render(e.key, JSON.parse(r.value));
    const schema: SchemaInfo | undefined = e?.schema;
    if (schema && schema.type === 'AVRO') render(e?.keySchema?.subject, schema.id);
    const id: string = r.id;
    void id;
  })
  .on('delete', (d: DeleteEvent) => forget(d.key))
  .on('stream-info', (info: StreamInfo, event: ControlMessage) => {
    info.topics.forEach((t) => t.partitions.forEach((p) => p.start - p.earliest));
    const joined: true | undefined = info.topics[0]?.joined;
    void joined;
    void event.lastEventId;
  })
  .on('snapshot', (s: Snapshot) => Object.entries(s.keys).map(([topic, n]) => topic + n))
  .on('caught-up', (c: CaughtUp) => c.next['demo.prices']?.length)
  .on('gap', (g: Gap) => g.partitions.map((p) => p.resumedAt - p.requested === p.lost))
  .on('reset', (r: Reset) => (r.start['demo.prices'] === 'left' ? r.detail : r.reason))
  .on('token-expiring', (t: TokenExpiring) => new Date(t.expiresAt))
  .on('revoked', (r: Revoked) => r.id)
  .on('topic-skipped', (t: TopicSkipped) => t.reason === 'max-topics')
  .on('decode-error', (d: DecodeError) =>
    d.reason === 'unknown-schema' ? d.schemaId : d.withheld ? d.part : d.value)
  .on('state', (s: State) => s === 'reconnecting')
  .on('resume', (r: ResumeVerdict) => (r.exact ? r.at.getTime() : r.problems.join('; ')))
  .on('problem', (p: Problem) => (p.retry === null ? p.status : p.retry))
  .on('renew', (r: Renewal) => (r.reason === 'token-expiring' ? r.expiresAt : r.lastEventId));

const role: Role = stream.role;
const counts: number = stream.reconnects + stream.renewals + stream.resumes.length;
const last: string | null = stream.lastEventId;
stream.reconnect({ accessToken: 'fresh' }).close();
create({ topics: 'orders.*', share: false }).open();
const names: readonly ControlEventName[] = CONTROL_EVENTS;
const text: string = url({ topics: ['a'], ticket: 't' });
void [role, counts, last, names, text];

// @ts-expect-error: no such event
stream.on('records', () => {});
// @ts-expect-error: a record handler gets a RecordEvent, not a string
stream.on('record', (r: string) => r);
// @ts-expect-error: gap bodies count records in `lost`
stream.on('gap', (g) => g.count);
// @ts-expect-error: topics are required
connect({ from: 'earliest' });
// @ts-expect-error: from takes latest, earliest or snapshot
connect({ topics: 'a', from: 'now' });
// @ts-expect-error: the format is envelope or raw
connect({ topics: 'a', format: 'json' });
// @ts-expect-error: state is read-only
stream.state = 'open';
