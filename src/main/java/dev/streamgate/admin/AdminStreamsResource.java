package dev.streamgate.admin;

import dev.streamgate.problem.ProblemException;
import dev.streamgate.problem.Problems;
import dev.streamgate.security.AdminAccess;
import dev.streamgate.stream.pod.OpenStreams;
import dev.streamgate.stream.pod.StreamView;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * {@code GET /admin/streams}: who is connected to this pod; {@code DELETE /admin/streams/{id}} and
 * {@code DELETE /admin/streams?subject=}: close streams, each after a {@code revoked} event with
 * its final id. Only for callers with the admin role ({@link AdminAccess}; 404 with JWT off). Each
 * pod answers for its own streams: docs/operations.md says how to ask every pod.
 *
 * <p>Threads: the token is checked on a worker (it may fetch the issuer's keys); each stream
 * answers on its own event loop; the answer is put together on a worker, never on a stream's loop.
 */
@Path("/admin/streams")
@Tag(name = "Admin", description = "This pod's open streams (admin role only)")
public class AdminStreamsResource {

  private static final Logger LOG = Logger.getLogger(AdminStreamsResource.class);

  /** Longest wait for every stream's event loop to report; more means a loop is stuck: 503. */
  private static final Duration LIST_TIMEOUT = Duration.ofSeconds(5);

  /** What a {@code reason} may be: it is sent to clients inside the {@code revoked} event. */
  private static final Pattern REASON = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private final OpenStreams streams;
  private final AdminAccess admins;

  public AdminStreamsResource(OpenStreams streams, AdminAccess admins) {
    this.streams = streams;
    this.admins = admins;
  }

  /**
   * The listing.
   *
   * @param count how many streams are listed
   * @param streams the streams, oldest first
   */
  public record StreamList(int count, List<StreamView> streams) {}

  /**
   * The answer of a close.
   *
   * @param closed how many streams the call closed
   */
  public record Closed(int closed) {}

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Blocking
  @Operation(
      summary = "List this pod's open streams",
      description =
          "Every stream open on the pod that answers: id, token subject, client address, topics,"
              + " filters, format, opening time, record events and bytes sent, and per partition"
              + " the stream's position, the pod's reader's head and the lag between them. Needs a"
              + " token with the admin role in the Authorization header; off (404) without JWT.")
  @APIResponse(responseCode = "200", description = "The streams")
  @APIResponse(responseCode = "401", description = "No token in the header, or an invalid one")
  @APIResponse(responseCode = "403", description = "The token does not hold the admin role")
  @APIResponse(responseCode = "404", description = "The admin API is off (JWT is off)")
  @APIResponse(responseCode = "503", description = "A stream's event loop did not answer in time")
  public Uni<StreamList> list(@Context HttpServerRequest http) {
    admins.check(http);
    return Uni.createFrom()
        .completionStage(() -> streams.list(Infrastructure.getDefaultWorkerPool()))
        .ifNoItem()
        .after(LIST_TIMEOUT)
        .failWith(
            () ->
                new ProblemException(
                    503,
                    "Streams did not answer",
                    "Some streams did not report in time; retry",
                    Map.of("Retry-After", "5")))
        .map(views -> new StreamList(views.size(), views));
  }

  @DELETE
  @Path("{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @Blocking
  @Operation(
      summary = "Close one stream",
      description =
          "Sends the stream a `revoked` control event (data: `reason`, and `id`, its final id),"
              + " then closes it. The client may reconnect with that id and resumes exactly;"
              + " revoking a stream does not revoke its token. Answers once the stream has ended.")
  @APIResponse(responseCode = "200", description = "{\"closed\":1}")
  @APIResponse(
      responseCode = "400",
      description = "A reason that is not 1-64 of [A-Za-z0-9._:-]",
      content = @Content(mediaType = Problems.PROBLEM_JSON))
  @APIResponse(responseCode = "401", description = "No token in the header, or an invalid one")
  @APIResponse(responseCode = "403", description = "The token does not hold the admin role")
  @APIResponse(
      responseCode = "404",
      description = "No such stream open on this pod, or the admin API is off")
  public Uni<Closed> close(
      @PathParam("id") String id,
      @Parameter(description = "Sent to the client in the `revoked` event; default `operator`")
          @QueryParam("reason")
          String reason,
      @Context HttpServerRequest http) {
    String admin = admins.check(http);
    String why = reason(reason);
    Uni<Integer> closed =
        Uni.createFrom()
            .completionStage(
                streams
                    .revoke(id, why)
                    .orElseThrow(
                        () ->
                            new ProblemException(
                                404,
                                "Unknown stream",
                                "No stream with this id is open on this pod",
                                Map.of())));
    return closed
        .invoke(n -> LOG.infof("Admin %s closed stream %s: %d (reason %s)", admin, id, n, why))
        .map(Closed::new);
  }

  @DELETE
  @Produces(MediaType.APPLICATION_JSON)
  @Blocking
  @Operation(
      summary = "Close a subject's streams",
      description =
          "Every stream on this pod opened with a token of this subject gets a `revoked` control"
              + " event and is closed, as for one stream. No such stream is not an error:"
              + " `{\"closed\":0}`.")
  @APIResponse(responseCode = "200", description = "{\"closed\":n}")
  @APIResponse(
      responseCode = "400",
      description = "No subject, or a reason that is not 1-64 of [A-Za-z0-9._:-]",
      content = @Content(mediaType = Problems.PROBLEM_JSON))
  @APIResponse(responseCode = "401", description = "No token in the header, or an invalid one")
  @APIResponse(responseCode = "403", description = "The token does not hold the admin role")
  @APIResponse(responseCode = "404", description = "The admin API is off (JWT is off)")
  public Uni<Closed> closeSubject(
      @Parameter(description = "The token subject whose streams to close", required = true)
          @QueryParam("subject")
          String subject,
      @Parameter(description = "Sent to the clients in the `revoked` event; default `operator`")
          @QueryParam("reason")
          String reason,
      @Context HttpServerRequest http) {
    String admin = admins.check(http);
    if (subject == null || subject.isEmpty()) {
      throw Problems.badRequest(
          "No subject",
          "Name the subject whose streams to close (?subject=), or close one stream by its id");
    }
    String why = reason(reason);
    return Uni.createFrom()
        .completionStage(streams.revokeSubject(subject, why))
        .invoke(
            n ->
                LOG.infof(
                    "Admin %s closed %d streams of subject %s (reason %s)", admin, n, subject, why))
        .map(Closed::new);
  }

  private static String reason(String reason) {
    if (reason == null || reason.isEmpty()) {
      return "operator";
    }
    if (!REASON.matcher(reason).matches()) {
      throw Problems.badRequest("Invalid reason", "A reason is 1-64 of [A-Za-z0-9._:-]");
    }
    return reason;
  }
}
