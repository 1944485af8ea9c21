package dev.streamgate.testing;

import org.jboss.logging.Logger;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Fails a test run at once, with one line, when {@code -Dstreamgate.test.kafka} asks for a broker
 * this machine cannot give (a container without Docker): every test is left out except {@link
 * TestBrokersTest#theRequestedBrokerIsAvailable()}, which then fails with the message of {@link
 * TestBrokers#selected()}, the only error of the build's summary. The message is also logged once
 * here, for runs that select other tests only ({@code -Dtest=...}), which are then empty. When the
 * requested broker is available, every test stays in. Registered in {@code
 * META-INF/services/org.junit.platform.launcher.PostDiscoveryFilter}.
 */
public class TestBrokerPrecondition implements PostDiscoveryFilter {

  private static final String PRECONDITION_CLASS = TestBrokersTest.class.getName();
  private static final String PRECONDITION_METHOD = "theRequestedBrokerIsAvailable";
  private static final Logger LOG = Logger.getLogger(TestBrokerPrecondition.class);

  private String unavailable;

  @Override
  public synchronized FilterResult apply(TestDescriptor descriptor) {
    if (unavailable == null) {
      unavailable = unavailability();
      if (!unavailable.isEmpty()) {
        LOG.error(unavailable);
      }
    }
    if (unavailable.isEmpty() || isPrecondition(descriptor)) {
      return FilterResult.included(null);
    }
    return FilterResult.excluded(unavailable);
  }

  /** Why the requested broker cannot start, or "" when it can. */
  private static String unavailability() {
    try {
      TestBrokers.selected();
      return "";
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  private static boolean isPrecondition(TestDescriptor descriptor) {
    return descriptor.getSource().orElse(null) instanceof MethodSource method
        && method.getClassName().equals(PRECONDITION_CLASS)
        && method.getMethodName().equals(PRECONDITION_METHOD);
  }
}
