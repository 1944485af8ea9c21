package dev.streamgate.bench.baseline;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The pattern of the Quarkus Kafka guide: one Kafka consumer feeds a broadcast channel, and every
 * SSE client subscribes to it. No event ids, so no resume; a client that reconnects starts at the
 * live head.
 */
@Path("/stream")
public class StreamResource {

  @Channel("events")
  Multi<String> events;

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.TEXT_PLAIN)
  public Multi<String> stream() {
    return events;
  }
}
