package dev.streamgate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every setting of Streamgate, under the {@code streamgate.} prefix. */
@ConfigMapping(prefix = "streamgate")
public interface StreamgateConfig {

  /** How streams are framed, paced and bounded. */
  Stream stream();

  /** How the service talks to Kafka beyond the {@code kafka.*} client properties. */
  Kafka kafka();

  /** The per-topic readers, their in-memory windows and the catch-up readers. */
  Tail tail();

  /** The demo price feed that the run command starts; off in production. */
  Demo demo();

  /** How a pod hands its clients to the others when it stops. */
  Shutdown shutdown();

  /**
   * Who may read and publish which topics, and the limits that keep one client from hurting others.
   */
  Security security();

  /** The publish endpoint, {@code POST /topics/{topic}/events}. */
  Publish publish();

  /** Server-side filters ({@code filter=}, a CEL expression) and projections ({@code fields=}). */
  Filter filter();

  /** Topic patterns in stream paths ({@code /streams/orders.*}). */
  Patterns patterns();

  /**
   * How pattern streams learn of topics created and deleted while they run
   * (docs/api.md#topic-patterns).
   */
  interface Patterns {

    /**
     * How often the pod lists Kafka's topics while it serves at least one pattern stream: one Admin
     * {@code listTopics} per interval per pod, whatever the number of streams. A matching topic
     * created meanwhile joins the open streams within about this long (read from its start, so
     * nothing is lost by waiting); a stream opening within an interval of the last listing resolves
     * its patterns against that listing instead of asking Kafka again.
     */
    @WithDefault("5s")
    Duration refreshInterval();
  }

  /** {@code from=snapshot}: the per-topic latest-by-key tables and their bounds. */
  Snapshot snapshot();

  /**
   * The latest-by-key tables that serve {@code from=snapshot}: one per topic per pod, built by one
   * read of the topic when its first snapshot client comes, then kept current by the topic's reader
   * and shared by every snapshot client. A table holds every live key of its topic in the heap:
   * size the heap for the snapshot topics' keys and values plus about 160 bytes per key
   * (docs/operations.md). Above a bound, snapshot requests are refused with 503 before the stream.
   */
  interface Snapshot {

    /**
     * Most keys one topic's table may hold. A topic with more live keys is refused {@code
     * from=snapshot} (503, problem JSON) and its table freed, so one huge topic cannot fill the
     * heap; {@code from=latest} and {@code from=earliest} still serve it.
     */
    @WithDefault("1000000")
    int maxKeys();

    /**
     * Most heap bytes one topic's table may hold, counted as its keys and values plus 160 bytes per
     * key. Above it, as above {@link #maxKeys()}.
     */
    @WithDefault("268435456")
    long maxBytes();

    /**
     * How long a table is kept after the last snapshot request of its topic. While kept, the
     * topic's reader folds every new record into it (one map update per record); after it, the
     * table is dropped and the next snapshot request builds it again (one read of the topic). A
     * table also goes when its topic's reader stops ({@code streamgate.tail.linger}).
     */
    @WithDefault("10m")
    Duration keep();

    /**
     * How long a snapshot request waits for its topic's table to be built (on the open pool, never
     * an event loop). A build that takes longer is abandoned and its requests answered 503 with
     * {@code Retry-After}.
     */
    @WithDefault("60s")
    Duration buildTimeout();

    /**
     * Threads that build tables, each reading one topic from its earliest offsets with its own
     * consumer. More topics asked for at once wait in the pool's queue (one build per topic).
     */
    @WithDefault("1")
    int buildThreads();

    /**
     * How long a view of a table (its keys as of a position) is reused by the snapshot requests
     * that follow. Each view is a copy of the table's references (8 bytes per key); reusing it
     * bounds those copies to one per this period per topic, whatever the number of clients. The
     * records after the view's position come live, so reuse costs nothing in exactness.
     */
    @WithDefault("1s")
    Duration viewReuse();
  }

  /**
   * Limits of the {@code filter} (CEL) and {@code fields} query parameters and of the caller's
   * filter claim. A filter or projection over a limit is refused with 400 (403 for a claim) and the
   * compiler's message before the stream opens. Each distinct selection is compiled once per pod
   * and evaluated once per record on the topic's reader, whatever the number of streams sharing it
   * (docs/api.md#filters-and-projection).
   */
  interface Filter {

    /** Longest filter expression, in characters. */
    @WithDefault("1024")
    int maxLength();

    /**
     * Most nodes in a filter's syntax tree (its size: every literal, name, operator and call counts
     * one). Checked by CEL's parser.
     */
    @WithDefault("200")
    int maxNodes();

    /**
     * Highest estimated cost of one evaluation: the syntax-tree nodes it may visit, a comprehension
     * ({@code all}, {@code exists}, {@code map}, {@code filter}) counting its body {@link
     * #maxIterations()} times, nested ones multiplying. With the defaults one comprehension over a
     * list passes and two nested ones do not.
     */
    @WithDefault("10000")
    long maxCost();

    /**
     * Most iterations of one comprehension on one record; beyond it that evaluation fails and the
     * record does not pass (CEL's {@code comprehensionMaxIterations}).
     */
    @WithDefault("100")
    int maxIterations();

    /** Most field paths in a {@code fields} projection. */
    @WithDefault("32")
    int maxFields();

    /**
     * Distinct compiled selections (claim, filter, fields) a pod keeps. Overflow policy: the least
     * recently used is dropped; streams using it keep it, and the next request with its text
     * compiles it again.
     */
    @WithDefault("1024")
    int cacheSize();

    /**
     * Most distinct selections the streams of one topic may use at once on a pod (each is evaluated
     * once per record on the topic's reader thread). A stream that would add one more is refused
     * with 503 and Retry-After before it opens; streams sharing a selection already in use are not.
     */
    @WithDefault("64")
    int maxPerTopic();
  }

  /**
   * Topic access and connection limits. The allow-list always applies; JWT authorization and the
   * per-address limits are off until configured, so a plain install streams every allowed topic.
   */
  interface Security {

    /**
     * Topic allow-list: glob patterns ({@code *} any run of characters, {@code ?} one character,
     * everything else literal), e.g. {@code prices.*,orders.eu-?}. Every surface (stream path,
     * publish, topic listing) serves only topics matching one of them. Internal topics (any name
     * starting with {@code __}, and those Kafka flags internal) are never served whatever the
     * pattern.
     */
    @WithDefault("*")
    List<String> topics();

    /** Optional JWT authorization of readers and publishers. */
    Jwt jwt();

    /** Per-client connection limits. */
    Limits limits();

    /** Stream tickets, {@code POST /tickets}: a bearer token exchanged for a one-use URL ticket. */
    Tickets tickets();

    /** Who may use the admin API, {@code GET/DELETE /admin/streams}. */
    Admin admin();
  }

  /**
   * The admin API ({@code GET /admin/streams}: this pod's open streams; {@code DELETE}: close
   * streams with a {@code revoked} event). It is served only with JWT on ({@link Jwt#enabled()}):
   * without JWT there is no way to tell an operator from anyone else, so every admin call is a 404.
   * With JWT on, a caller needs a token sent in the {@code Authorization: Bearer} header (never a
   * cookie or the query, so a page on another site cannot make a browser send it and no admin token
   * lands in a URL) whose {@link #roleClaim()} holds {@link #role()}.
   */
  interface Admin {

    /**
     * Top-level token claim that lists the caller's roles: a JSON array of strings, or one string
     * of roles separated by spaces or commas. A token without it, or without {@link #role()} in it,
     * is refused with 403.
     */
    @WithDefault("roles")
    String roleClaim();

    /** The role, in {@link #roleClaim()}, that lets a caller list and close streams. */
    @WithDefault("streamgate-admin")
    String role();
  }

  /**
   * Stream tickets: short-lived, topic-scoped, single-use (per pod) credentials for {@code
   * ?ticket=}, so a long-lived bearer token never travels in a URL. Signed with HMAC-SHA256 under
   * {@link #key()}, so every pod that shares the key accepts them
   * (docs/security.md#stream-tickets).
   */
  interface Tickets {

    /**
     * Whether {@code POST /tickets} issues tickets and streams accept {@code ?ticket=}. Needs JWT
     * on and a {@link #key()}: the pod refuses to start otherwise, rather than generate a key of
     * its own that no other pod would share.
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * The HMAC-SHA256 key, at least 32 characters (e.g. {@code openssl rand -base64 48}), the same
     * on every pod: in Kubernetes a Secret ({@code STREAMGATE_SECURITY_TICKETS_KEY}).
     */
    Optional<String> key();

    /**
     * How long a ticket may be used to open a stream (never past its token's expiry). Short,
     * because another pod that has not seen a ticket used would accept it within this time.
     */
    @WithDefault("30s")
    Duration ttl();

    /**
     * How many used tickets a pod remembers (each until it expires) to refuse replays: about 150
     * bytes each. When full, a new ticket's use is refused with 503 and Retry-After rather than a
     * used one forgotten.
     */
    @WithDefault("100000")
    int maxSpent();
  }

  /** JWT authorization (smallrye-jwt verifies signature, issuer, audience and expiry). */
  interface Jwt {

    /**
     * Whether callers are authorized by JWT. The key, issuer and audience are the standard {@code
     * mp.jwt.verify.publickey.location} (PEM, JWK or JWKS, local or remote), {@code
     * mp.jwt.verify.publickey.algorithm} (RS256 default, or ES256), {@code mp.jwt.verify.issuer}
     * and {@code mp.jwt.verify.audiences}. Off by default: then every caller may read and publish
     * every allowed topic.
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * How long before the caller's token expires its streams send a {@code token-expiring} control
     * event (with {@code expiresAt} and the id to resume from), so that a client renews the token
     * and reopens from that id before the stream ends at the token's {@code exp}. A token with less
     * than twice this left when the stream opens is announced halfway to its expiry, so that
     * short-lived tokens do not make their clients reconnect at once.
     */
    @WithDefault("60s")
    Duration expiryNotice();

    /**
     * Claim holding the topic patterns (array, or one space/comma separated string) a caller may
     * read.
     */
    @WithDefault("sg_sub")
    String subscribeClaim();

    /** Claim holding the topic patterns a caller may publish to. */
    @WithDefault("sg_pub")
    String publishClaim();

    /**
     * Claim holding a CEL filter (a string, e.g. {@code value.tenant == "acme"}) that every stream
     * of the caller carries, ANDed with the request's own {@code filter}: per-tenant rows on a
     * shared topic, which no request can widen. Stream tickets carry it too. A claim that is not a
     * valid filter is refused with 403. Unset: no claim is read. A token without the claim has no
     * caller filter, so an issuer that uses it must set it on every tenant's token.
     */
    Optional<String> filterClaim();

    /**
     * Cookie that may carry the token (for same-site dashboards whose EventSource sends cookies);
     * unset: cookies are not read.
     */
    Optional<String> cookie();

    /**
     * Whether the token may come as the {@code access_token} query parameter, which EventSource
     * needs since it cannot send headers. It is redacted from the access log pattern.
     */
    @WithDefault("true")
    boolean queryToken();

    /**
     * Topic patterns anyone may read without a token (still within {@link Security#topics()}).
     * Anonymous callers never publish when JWT is on.
     */
    Optional<List<String>> anonymousRead();
  }

  /** Limits per client address, answered 429 with Retry-After before a stream opens. */
  interface Limits {

    /** Most concurrent streams per client address; 0 turns the limit off. */
    @WithDefault("0")
    int maxStreamsPerAddress();

    /**
     * Stream connects per second allowed per client address (token bucket refill rate); 0 turns the
     * limit off.
     */
    @WithDefault("0")
    double connectRate();

    /** Connects a client address may make in a burst before {@link #connectRate()} applies. */
    @WithDefault("20")
    int connectBurst();

    /**
     * Proxies (CIDRs or single addresses, e.g. {@code 10.0.0.0/8,::1}) whose {@code
     * X-Forwarded-For} is believed; the client address is then the right-most entry that is not
     * itself a trusted proxy. From anyone else the header is ignored, so it cannot dodge a limit.
     */
    Optional<List<String>> trustedProxies();

    /**
     * Most client addresses whose connect rate is tracked at once; bounds the memory a flood of
     * distinct addresses can take. Beyond it, new addresses are refused until idle ones expire.
     */
    @WithDefault("100000")
    int maxTrackedAddresses();
  }

  /** Publish settings. */
  interface Publish {

    /**
     * Whether {@code POST /topics/{topic}/events} is served at all. Off by default: writing to
     * Kafka over HTTP is a door to open on purpose (the demo and the dev overlay do); on without
     * JWT, anyone who reaches the pod may publish to every allowed topic, and the pod warns at
     * start.
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * Largest value accepted, in bytes; above it the answer is 413. Keep it below the broker's
     * {@code message.max.bytes} (1 MB by default) minus the key and headers.
     */
    @WithDefault("1000000")
    int maxValueBytes();

    /** Largest key accepted, in UTF-8 bytes; above it the answer is 400. */
    @WithDefault("1024")
    int maxKeyBytes();

    /** How long a publish waits for Kafka's acknowledgement before answering 503. */
    @WithDefault("10s")
    Duration timeout();
  }

  /** Graceful shutdown settings. */
  interface Shutdown {

    /**
     * Time over which a stopping pod closes its streams, in waves, after readiness went DOWN; the
     * pod stops as soon as its last stream is gone (an idle pod at once), at the latest after this
     * period. Kubernetes' {@code terminationGracePeriodSeconds} must exceed it plus {@code
     * quarkus.shutdown.delay} (the listener's linger after the drain) and {@code
     * quarkus.shutdown.timeout}.
     */
    @WithDefault("30s")
    Duration drainPeriod();

    /** Number of waves the streams are closed in; more waves, smoother reconnects elsewhere. */
    @WithDefault("10")
    int waves();
  }

  /** Stream settings. */
  interface Stream {

    /**
     * Base reconnect delay sent as {@code retry:} at stream open. A random jitter is added so that
     * the clients of a dying pod do not all reconnect in the same instant.
     */
    @WithDefault("3s")
    Duration retry();

    /** Upper bound of the random delay added to {@link #retry()} for each stream. */
    @WithDefault("2s")
    Duration retryJitter();

    /**
     * Interval of comment heartbeats on an otherwise quiet stream. Keeps proxies from closing idle
     * connections and lets clients notice a dead connection; filtered streams also move their id.
     */
    @WithDefault("15s")
    Duration heartbeat();

    /**
     * Kafka record header whose value becomes the SSE {@code event:} type (CloudEvents binding by
     * default). Records without it are plain {@code message} events.
     */
    @WithDefault("ce_type")
    String typeHeader();

    /**
     * Most concurrent streams this pod serves (they share one Kafka reader per topic, so this
     * mostly bounds sockets); a request above it gets 429 with Retry-After before any stream byte.
     */
    @WithDefault("10000")
    int maxStreams();

    /**
     * Most topics one stream may name or read: its plain names and the topics its patterns match
     * count together. More is a 400 before a new stream opens; a topic that would join a running
     * (or resumed) pattern stream beyond it is not read, and the stream says so with {@code
     * topic-skipped}. Also keeps a pattern stream's ids well under the cursor's size cap.
     */
    @WithDefault("16")
    int maxTopics();

    /**
     * Longest event id accepted from {@code Last-Event-ID} or {@code lastEventId}. Longer ids are
     * not parsed at all and the stream opens with a {@code reset}.
     */
    @WithDefault("8192")
    int maxIdLength();

    /**
     * Longest life of one stream. It then ends cleanly after its last id and the client resumes,
     * possibly on another pod, so load spreads after a scale-out. Loss-free thanks to the cursor.
     */
    @WithDefault("10m")
    Duration maxLifetime();

    /** Random part subtracted from {@link #maxLifetime()} per stream, so expiries do not bunch. */
    @WithDefault("1m")
    Duration lifetimeJitter();

    /**
     * How long a connection may leave a write pending before it counts as a slow client. A slow
     * client that the window moves past is closed after its last complete event (it resumes exactly
     * on reconnect) instead of being given a Kafka reader of its own; a client that keeps taking
     * writes but was outrun by a burst continues from a catch-up reader in place.
     */
    @WithDefault("5s")
    Duration slowClientTimeout();

    /**
     * Threads that open the streams whose open may wait (a token or ticket to verify, a filter to
     * compile, a pattern, a snapshot, a Kafka look-up); the others open on their event loop. Opens
     * beyond them wait their turn; each takes about one Kafka round trip.
     */
    @WithDefault("16")
    int openThreads();

    /**
     * How old the topic metadata a resume from a running reader's window is checked against may be
     * (the topic's incarnation, partition count and log start offsets): the answer of a request
     * sent at most this long before the open, shared by every open meanwhile, else a new request. A
     * reconnect storm then opens from memory, on the event loops, instead of waiting one Kafka
     * round trip per few streams. A topic deleted or recreated within this time before a resume may
     * serve the resume from the old incarnation's window, under its own ids, until the reader's
     * next metadata check ({@code streamgate.tail.metadata-refresh}) ends the stream and the
     * reconnect gets a {@code reset}, as a stream open at that moment does. 0 asks Kafka for every
     * open.
     */
    @WithDefault("1s")
    Duration openMetadataMaxAge();

    /** Most bytes of frames handed to the HTTP layer in one write. */
    @WithDefault("65536")
    int maxBatchBytes();
  }

  /** Per-topic reader settings. */
  interface Tail {

    /**
     * Most records a catch-up reader hands to its stream per Kafka poll. This is the bound of the
     * only per-stream record buffer: the reader does not poll again until the client has taken
     * them.
     */
    @WithDefault("500")
    int maxPollRecords();

    /**
     * How long a topic's reader keeps running after its last client left, so that reconnects (a
     * lifetime expiry, a flaky network) find the window still warm.
     */
    @WithDefault("30s")
    Duration linger();

    /**
     * Write batching by design: a topic's reader wakes each of its streams at most once per this
     * many microseconds per stream it wakes (up to {@link #wakeLingerMax()}). A topic that had
     * nothing to say for a whole linger is woken at once; on a busy one with many streams the
     * records that arrive within the linger share one socket write per stream instead of one write
     * each, which was most of the fan-out's CPU at low rates. 0 wakes the streams after every poll.
     * Added latency is at most the linger: with the defaults 10 ms for 100 streams, 100 ms from
     * 1,000 (docs/operations.md, "Latency or CPU: the write linger", gives the measured trade).
     */
    @WithDefault("100")
    int wakeLingerMicrosPerStream();

    /** The longest a reader holds a wake-up back, whatever its number of streams. */
    @WithDefault("100ms")
    Duration wakeLingerMax();

    /**
     * How many groups a busy topic's streams are woken in, each in its own slot of the linger (1 to
     * 32). Every stream still waits the full linger, but the writes leave in this many smaller
     * rounds instead of one round of every stream. Lingers shorter than 2 ms per group use one.
     */
    @WithDefault("8")
    int wakePhases();

    /**
     * Most records a topic's window holds; {@link #windowBytes()} is usually the bound that acts
     * first. Clients within the window are served from memory. A client that falls out of it (a
     * burst larger than the window) continues from a catch-up reader in place, or is closed after
     * its last id if its connection had stopped taking writes (a slow client). The window's ring
     * starts small and grows to this bound as records arrive.
     */
    @WithDefault("1000000")
    int windowRecords();

    /**
     * Most approximate heap bytes a topic's window holds: records, their ids and the one frame per
     * record most pods build. 64 MiB holds about 110,000 records of 128 bytes, so a burst of
     * 100,000 events reaches every reading client from memory. Every topic with clients has its own
     * window: size the heap for the hot topics times this.
     */
    @WithDefault("67108864")
    long windowBytes();

    /**
     * Threads that read from Kafka for clients behind the window (old ids, {@code since}, {@code
     * from=earliest}). Each catching-up client holds its own consumer until it reaches the window;
     * more clients than threads take turns.
     */
    @WithDefault("4")
    int catchUpThreads();

    /**
     * How often the pod re-reads the metadata of the topics it reads. Partitions added to a topic
     * are then read from their start on open streams; a topic deleted or recreated retires its
     * reader, its clients end their streams, and their reconnects get a {@code reset} (or a 404 for
     * a deleted topic).
     */
    @WithDefault("5s")
    Duration metadataRefresh();
  }

  /** Kafka settings that are not client properties. */
  interface Kafka {

    /** Timeout of metadata and offset look-ups made before a stream opens. */
    @WithDefault("10s")
    Duration requestTimeout();

    /**
     * How long the readiness check waits for Kafka's cluster metadata. Short, so that a probe gets
     * a quick DOWN when Kafka is unreachable instead of hanging on the admin client.
     */
    @WithDefault("2s")
    Duration healthTimeout();
  }

  /** Demo feed settings. */
  interface Demo {

    /** Whether this instance produces the demo price feed. */
    @WithDefault("false")
    boolean enabled();

    /** Topic the demo feed writes to; created with {@link #partitions()} partitions if absent. */
    @WithDefault("demo.prices")
    String topic();

    /** Partition count of the demo topic when the feed creates it. */
    @WithDefault("6")
    int partitions();

    /** Events per second the feed writes, across all symbols. */
    @WithDefault("20")
    int rate();

    /** Ticker symbols the feed quotes; each is a record key, so each stays on one partition. */
    @WithDefault("ACME,GLOBEX,INITECH,UMBRELLA,HOOLI,STARK,WAYNE,WONKA")
    List<String> symbols();
  }
}
