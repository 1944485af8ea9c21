package dev.streamgate.stream;

import dev.streamgate.tail.KafkaUnavailableException;
import dev.streamgate.tail.UnknownTopicsException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps errors to problem JSON: a title and a detail a person can act on, never a stack trace. */
public class ProblemMapper {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
  static final String PROBLEM_JSON = "application/problem+json";

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    Response.ResponseBuilder response = build(e.status(), e.title(), e.getMessage());
    e.headers().forEach(response::header);
    return response.build();
  }

  @ServerExceptionMapper
  public Response unknownTopics(UnknownTopicsException e) {
    return build(404, "Unknown topic", "No such topic: " + String.join(", ", e.topics())).build();
  }

  @ServerExceptionMapper
  public Response kafkaUnavailable(KafkaUnavailableException e) {
    LOG.warnf("Kafka unavailable while answering a request: %s", e.getMessage());
    return build(503, "Kafka unavailable", "Kafka did not answer in time; retry shortly")
        .header("Retry-After", "5")
        .build();
  }

  private static Response.ResponseBuilder build(int status, String title, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    return Response.status(status).type(PROBLEM_JSON).entity(ControlJson.write(body));
  }
}
