package dev.streamgate.stream.http;

import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASModelReader;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * The OpenAPI description of {@code GET /streams/{topics}}. The stream is a plain Vert.x route
 * ({@link StreamRoute}), which the annotation scanner does not see, so its operation is built here
 * and merged with the annotated endpoints ({@code mp.openapi.model.reader}).
 */
public class StreamApiModel implements OASModelReader {

  private static final String PROBLEM = "application/problem+json";

  @Override
  public OpenAPI buildModel() {
    return OASFactory.createOpenAPI()
        .addTag(
            OASFactory.createTag()
                .name("Streams")
                .description("Kafka topics as resumable Server-Sent Events"))
        .paths(
            OASFactory.createPaths()
                .addPathItem("/streams/{topics}", OASFactory.createPathItem().GET(operation())));
  }

  private static org.eclipse.microprofile.openapi.models.Operation operation() {
    return OASFactory.createOperation()
        .operationId("stream")
        .tags(List.of("Streams"))
        .summary("Stream topics as Server-Sent Events")
        .description(StreamApiDoc.STREAM)
        .parameters(
            List.of(
                path("topics", "One topic or a comma-separated list, carried by one connection"),
                header(
                    "Last-Event-ID",
                    "Resume after this event id (EventSource sends it on reconnect)"),
                query("lastEventId", "Resume after this event id, for a first connect", null),
                query(
                    "since",
                    "ISO-8601 instant or epoch millis: start at the first records at or after it",
                    null),
                query(
                    "from",
                    "Where to start without an id or `since`; `snapshot`: the latest record of"
                        + " every key first, then `caught-up` and live records",
                    List.of("latest", "earliest", "snapshot")),
                query(
                    "format",
                    "`raw`: data is the record value; `envelope`: data is a JSON envelope",
                    List.of("raw", "envelope")),
                query("key", "Only records with one of these keys (repeatable)", null),
                query("type", "Only records with one of these event types (repeatable)", null),
                query(
                    "filter",
                    "Only records for which this CEL expression over key, value (parsed JSON),"
                        + " headers, type, partition, offset and timestamp is true, e.g."
                        + " `value.symbol == \"ACME\" && value.price > 400.0`",
                    null),
                query(
                    "fields",
                    "Send only these fields of JSON object values: top-level names or dotted"
                        + " paths, comma-separated",
                    null),
                query(
                    "conflate",
                    "A window from `50ms` to `60s` (`250ms`, `1s`, `1m`): per window, the latest"
                        + " record of each key that changed (a `delete` for a tombstone) and every"
                        + " record without a key, each topic's batch ended by a `batch` event; a"
                        + " catch-up is the state, one value per key. The page's key → value map"
                        + " is exact after every `batch`",
                    null),
                header("Accept", "`application/x-ndjson` for newline-delimited JSON envelopes")))
        .responses(
            OASFactory.createAPIResponses()
                .addAPIResponse("200", stream())
                .addAPIResponse(
                    "400",
                    problem(
                        "Invalid topic name, too many topics, bad from/since/format/conflate; a"
                            + " filter or fields that cannot be used (the compiler's message)"))
                .addAPIResponse(
                    "401",
                    problem(
                        "JWT on: no token where one is needed, or an invalid or expired one"
                            + " (header, cookie or `access_token`)"))
                .addAPIResponse(
                    "403",
                    problem(
                        "A topic is outside the allow-list or the caller's token claims, or the"
                            + " token's filter claim is not a valid filter"))
                .addAPIResponse("404", problem("A topic does not exist or is internal"))
                .addAPIResponse(
                    "429",
                    problem(
                        "Too many streams (on this instance or from this address) or connects too"
                            + " fast (`Retry-After`)"))
                .addAPIResponse(
                    "503",
                    problem(
                        "Kafka did not answer in time, or a topic has as many distinct filters"
                            + " or conflation groups in use as it may (`Retry-After: 5`), or the"
                            + " instance is saturated (`Instance saturated`: its writes hold its"
                            + " write budget; `Retry-After` with jitter)")));
  }

  private static APIResponse stream() {
    return OASFactory.createAPIResponse()
        .description("The stream: never ends by itself; reconnect with the last id to resume")
        .content(
            OASFactory.createContent()
                .addMediaType("text/event-stream", text("sse", StreamApiDoc.SSE_EXAMPLE))
                .addMediaType("application/x-ndjson", text("ndjson", StreamApiDoc.NDJSON_EXAMPLE)));
  }

  private static MediaType text(String name, String example) {
    Example value = OASFactory.createExample().value(example);
    return OASFactory.createMediaType()
        .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING))
        .addExample(name, value);
  }

  private static APIResponse problem(String description) {
    Content content =
        OASFactory.createContent().addMediaType(PROBLEM, OASFactory.createMediaType());
    return OASFactory.createAPIResponse().description(description).content(content);
  }

  private static Parameter path(String name, String description) {
    return parameter(name, Parameter.In.PATH, description, null).required(true);
  }

  private static Parameter header(String name, String description) {
    return parameter(name, Parameter.In.HEADER, description, null);
  }

  private static Parameter query(String name, String description, List<String> values) {
    return parameter(name, Parameter.In.QUERY, description, values);
  }

  private static Parameter parameter(
      String name, Parameter.In in, String description, List<String> values) {
    Schema schema = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    if (values != null) {
      schema.enumeration(List.copyOf(values)).defaultValue(values.get(0));
    }
    return OASFactory.createParameter().name(name).in(in).description(description).schema(schema);
  }
}
