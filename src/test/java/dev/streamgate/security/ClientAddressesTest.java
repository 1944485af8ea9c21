package dev.streamgate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressesTest {

  private final ClientAddresses addresses =
      new ClientAddresses(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1")));

  @Test
  void forwardedForFromAnUntrustedPeerIsIgnored() {
    assertThat(addresses.resolve("203.0.113.9", List.of("198.51.100.1"))).isEqualTo("203.0.113.9");
  }

  @Test
  void aTrustedProxyNamesTheClient() {
    assertThat(addresses.resolve("10.1.2.3", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
  }

  @Test
  void theRightMostUntrustedHopIsTheClientWhateverTheClientWroteToItsLeft() {
    assertThat(addresses.resolve("10.1.2.3", List.of("1.1.1.1, 198.51.100.7, 10.9.9.9")))
        .isEqualTo("198.51.100.7");
    assertThat(addresses.resolve("10.1.2.3", List.of("1.1.1.1", "198.51.100.7")))
        .isEqualTo("198.51.100.7");
  }

  @Test
  void garbageStopsTheWalkAtTheLastTrustedHop() {
    assertThat(addresses.resolve("10.1.2.3", List.of("evil.example.com"))).isEqualTo("10.1.2.3");
    assertThat(addresses.resolve("10.1.2.3", List.of("1.2.3.4, 10.0.0.5, nonsense")))
        .isEqualTo("10.1.2.3");
  }

  @Test
  void noHeaderFromAProxyIsTheProxy() {
    assertThat(addresses.resolve("10.1.2.3", List.of())).isEqualTo("10.1.2.3");
  }

  @Test
  void ipv6PeersAndEntries() {
    assertThat(addresses.resolve("0:0:0:0:0:0:0:1", List.of("2001:db8::5")))
        .isEqualTo("2001:db8:0:0:0:0:0:5");
  }

  @Test
  void cidrContainment() {
    Cidr net = Cidr.parse("192.168.4.0/22");
    assertThat(net.contains(Cidr.literal("192.168.7.255").orElseThrow())).isTrue();
    assertThat(net.contains(Cidr.literal("192.168.8.0").orElseThrow())).isFalse();
    assertThat(net.contains(Cidr.literal("::1").orElseThrow())).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.literal("8.8.8.8").orElseThrow())).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "example.com",
        "1.2.3",
        "1.2.3.256",
        "1.2.3.4.5",
        "",
        "::g",
        "1.2.3.4/"
      })
  void onlyAddressLiteralsAreAcceptedAndNothingIsResolved(String text) {
    assertThat(Cidr.literal(text)).isEmpty();
  }

  @Test
  void badCidrsAreRefusedAtStartup() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("proxy.local"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
