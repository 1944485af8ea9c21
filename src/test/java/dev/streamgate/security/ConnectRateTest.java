package dev.streamgate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectRateTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void aBurstThenTheRate() {
    ConnectRate rate = new ConnectRate(2, 3, 100, now::get);
    assertThat(rate.tryAcquire("a")).isZero();
    assertThat(rate.tryAcquire("a")).isZero();
    assertThat(rate.tryAcquire("a")).isZero();
    long wait = rate.tryAcquire("a");
    assertThat(wait).isEqualTo(500_000_000L);
    now.addAndGet(wait);
    assertThat(rate.tryAcquire("a")).isZero();
    assertThat(rate.tryAcquire("a")).isPositive();
  }

  @Test
  void addressesHaveTheirOwnBuckets() {
    ConnectRate rate = new ConnectRate(1, 1, 100, now::get);
    assertThat(rate.tryAcquire("a")).isZero();
    assertThat(rate.tryAcquire("a")).isPositive();
    assertThat(rate.tryAcquire("b")).isZero();
  }

  @Test
  void theBucketNeverHoldsMoreThanTheBurst() {
    ConnectRate rate = new ConnectRate(10, 2, 100, now::get);
    now.addAndGet(3_600_000_000_000L);
    assertThat(rate.tryAcquire("a")).isZero();
    assertThat(rate.tryAcquire("a")).isZero();
    assertThat(rate.tryAcquire("a")).isPositive();
  }

  @Test
  void trackedAddressesAreBoundedAndIdleOnesMakeRoom() {
    ConnectRate rate = new ConnectRate(1, 1, 2, now::get);
    assertThat(rate.tryAcquire("a")).isZero();
    assertThat(rate.tryAcquire("b")).isZero();
    assertThat(rate.tryAcquire("c")).as("table full of busy addresses").isPositive();
    assertThat(rate.tracked()).isEqualTo(2);
    now.addAndGet(1_000_000_000L);
    assertThat(rate.tryAcquire("c")).as("idle buckets were dropped").isZero();
    assertThat(rate.tracked()).isLessThanOrEqualTo(2);
  }
}
