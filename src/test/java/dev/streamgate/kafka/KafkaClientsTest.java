package dev.streamgate.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kafka security settings reach every client the service builds: the Kubernetes prod overlay sets
 * them as KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_* and KAFKA_SSL_* variables, which Quarkus hands over
 * as these kafka.* keys.
 */
class KafkaClientsTest {

  private static final Map<String, Object> SASL_SSL =
      Map.of(
          "bootstrap.servers", "my-cluster-kafka-bootstrap.kafka.svc:9093",
          "security.protocol", "SASL_SSL",
          "sasl.mechanism", "SCRAM-SHA-512",
          "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
          "ssl.truststore.type", "PEM",
          "ssl.truststore.location", "/etc/streamgate/kafka-ca/ca.crt",
          "group.id", "streamgate");

  @Test
  void readersAndTheAdminClientGetSaslAndTlsSettings() {
    KafkaClients clients = new KafkaClients(SASL_SSL);
    Map<String, Object> reader = clients.readerProperties("tail-x", 500);
    Map<String, Object> admin = clients.adminProperties();
    for (Map<String, Object> props : List.of(reader, admin)) {
      assertThat(props)
          .containsEntry("bootstrap.servers", "my-cluster-kafka-bootstrap.kafka.svc:9093")
          .containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
          .containsEntry("ssl.truststore.type", "PEM")
          .containsEntry("ssl.truststore.location", "/etc/streamgate/kafka-ca/ca.crt")
          .containsKey("sasl.jaas.config");
    }
    assertThat(reader).doesNotContainKey("group.id");
  }
}
