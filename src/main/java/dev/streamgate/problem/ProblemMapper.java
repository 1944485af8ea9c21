package dev.streamgate.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The same problem JSON as the stream route's ({@link Problems}), for the service's JAX-RS
 * endpoints: a title and a detail a person can act on, never a stack trace.
 */
public class ProblemMapper {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    return response(Problems.of(e));
  }

  /** The problem response for {@code e}, for filters that answer before any resource runs. */
  public static Response toResponse(ProblemException e) {
    return response(Problems.of(e));
  }

  /**
   * Errors the framework raises (unknown path 404, wrong method 405, unsupported media type 415,
   * unreadable body 400): their status, a standard title, never the exception's message, which can
   * name internal classes.
   */
  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    Response.Status known = Response.Status.fromStatusCode(status);
    String title = known != null ? known.getReasonPhrase() : "Error";
    String allow = e.getResponse().getHeaderString("Allow");
    return response(
        Problems.problem(status, title, title, allow == null ? Map.of() : Map.of("Allow", allow)));
  }

  /**
   * Anything unexpected: logged here with its stack trace, answered 500 with a fixed text, so no
   * class name, host, address or stack frame reaches a client.
   */
  @ServerExceptionMapper
  public Response unexpected(Throwable e) {
    LOG.error("Unexpected error while answering a request", e);
    return response(
        Problems.problem(
            500, "Internal error", "The request failed on our side; retry later", Map.of()));
  }

  private static Response response(Problems.Problem problem) {
    Response.ResponseBuilder response =
        Response.status(problem.status()).type(Problems.PROBLEM_JSON).entity(problem.body());
    problem.headers().forEach(response::header);
    return response.build();
  }
}
