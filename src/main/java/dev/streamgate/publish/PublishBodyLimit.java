package dev.streamgate.publish;

import dev.streamgate.problem.ProblemMapper;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a publish whose declared {@code Content-Length} is above the value cap before its body is
 * read, so a 10 MB upload costs a header, not 10 MB of heap. A chunked body without a length is
 * read up to {@code quarkus.http.limits.max-body-size} and checked by {@link PublishRequest}.
 */
public class PublishBodyLimit {

  private final int maxValueBytes;

  public PublishBodyLimit(PublishConfig publish) {
    this.maxValueBytes = publish.maxValueBytes();
  }

  @ServerRequestFilter(preMatching = true)
  public Optional<Response> limit(ContainerRequestContext request) {
    if (!"POST".equals(request.getMethod()) || !isPublish(request.getUriInfo().getPath())) {
      return Optional.empty();
    }
    String length = request.getHeaderString("Content-Length");
    if (length == null) {
      return Optional.empty();
    }
    long declared;
    try {
      declared = Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (declared > maxValueBytes) {
      return Optional.of(ProblemMapper.toResponse(PublishRequest.tooLarge(maxValueBytes)));
    }
    return Optional.empty();
  }

  private static boolean isPublish(String path) {
    return path.startsWith("/topics/") && path.endsWith("/events");
  }
}
