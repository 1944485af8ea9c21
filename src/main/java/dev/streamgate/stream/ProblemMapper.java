package dev.streamgate.stream;

import dev.streamgate.tail.KafkaUnavailableException;
import dev.streamgate.tail.UnknownTopicsException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The same problem JSON as the stream route's, for the service's JAX-RS endpoints. */
public class ProblemMapper {

  @ServerExceptionMapper({
    ProblemException.class,
    UnknownTopicsException.class,
    KafkaUnavailableException.class
  })
  public Response problem(RuntimeException e) {
    Problems.Problem problem = Problems.of(e);
    Response.ResponseBuilder response =
        Response.status(problem.status()).type(Problems.PROBLEM_JSON).entity(problem.body());
    problem.headers().forEach(response::header);
    return response.build();
  }
}
