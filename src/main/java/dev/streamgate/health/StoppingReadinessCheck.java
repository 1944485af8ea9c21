package dev.streamgate.health;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness is DOWN from the moment the pod begins to stop. The drain holds Quarkus' pre-shutdown
 * phase until the pod's last stream is handed over; Quarkus' own shutdown readiness goes DOWN in
 * that same phase, in an order between its listeners that nothing promises. This check is told
 * first (its observer's priority comes before the drain's), so a stopping pod never reads as ready
 * while it hands its clients to the others.
 *
 * <p>Threads: the flag is set once on Quarkus' shutdown thread and read by health requests on
 * workers; volatile is enough.
 */
@Readiness
@ApplicationScoped
public class StoppingReadinessCheck implements HealthCheck {

  static final String NAME = "stopping";

  private volatile boolean stopping;

  void onStop(
      @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownDelayInitiatedEvent e) {
    stopping = true;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named(NAME).status(!stopping).build();
  }
}
