package dev.streamgate.tail;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;

/**
 * Kafka's own {@link MockConsumer} (the {@code Consumer} contract: assign, seek, position, wakeup,
 * close), whose poll waits up to its timeout as a real consumer's does, until a record, an error, a
 * task or a wake-up is handed to it, so a reader polling it does not spin. For the lifecycle and
 * failure paths of a {@link TopicTail} only: delivery is tested against a real broker.
 */
final class WaitingConsumer extends MockConsumer<byte[], byte[]> {

  private final Semaphore handed = new Semaphore(0);

  WaitingConsumer() {
    super("none");
  }

  @Override
  public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
    try {
      handed.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    handed.drainPermits();
    return super.poll(timeout);
  }

  @Override
  public synchronized void addRecord(ConsumerRecord<byte[], byte[]> record) {
    super.addRecord(record);
    handed.release();
  }

  @Override
  public synchronized void setPollException(KafkaException exception) {
    super.setPollException(exception);
    handed.release();
  }

  @Override
  public synchronized void schedulePollTask(Runnable task) {
    super.schedulePollTask(task);
    handed.release();
  }

  @Override
  public synchronized void wakeup() {
    super.wakeup();
    handed.release();
  }
}
