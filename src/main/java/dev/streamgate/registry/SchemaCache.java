package dev.streamgate.registry;

import dev.streamgate.decode.DecodeException;
import dev.streamgate.decode.DecodeReason;
import dev.streamgate.decode.RegisteredSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * The pod's schemas by id: bounded, least recently used dropped first; one load per id however many
 * threads miss it at once (single flight: the first thread loads, the others wait for its result).
 * What a load gave is kept by kind:
 *
 * <ul>
 *   <li>a schema: until dropped by the bound (a schema never changes for its id);
 *   <li>"unknown id" ({@code unknown-schema}): for {@code unknownRecheck}, then asked again;
 *   <li>"registry unavailable": not kept, so the next record asks again;
 *   <li>any other failure (the schema is invalid, too large, of an unsupported type): kept like a
 *       schema, since the id's text will never change.
 * </ul>
 *
 * <p>Threads: any; the map under its own lock, held only to find or insert an entry, never while
 * loading. Waiting threads block on the load's future (topic readers; never an event loop).
 */
final class SchemaCache {

  private static final class Entry {
    final CompletableFuture<RegisteredSchema> future = new CompletableFuture<>();
    // Only an "unknown id" expires; nanoTime may be negative, so no sentinel time stands for never.
    volatile boolean expires;
    volatile long expiresAt;

    boolean expired(long now) {
      return expires && now - expiresAt >= 0;
    }
  }

  private final int maxSize;
  private final long unknownRecheckNanos;
  private final LongSupplier nanoTime;
  private final Map<Integer, Entry> entries;
  private final AtomicInteger waiting = new AtomicInteger();

  SchemaCache(int maxSize, long unknownRecheckNanos, LongSupplier nanoTime) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("streamgate.schema-registry.cache-size must be >= 1");
    }
    this.maxSize = maxSize;
    this.unknownRecheckNanos = unknownRecheckNanos;
    this.nanoTime = nanoTime;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Integer, Entry> eldest) {
            return size() > SchemaCache.this.maxSize;
          }
        };
  }

  /** The schema of {@code id}, loaded by {@code loader} on this thread if nobody has it. */
  RegisteredSchema get(int id, IntFunction<RegisteredSchema> loader) {
    Entry entry;
    boolean mine = false;
    synchronized (entries) {
      entry = entries.get(id);
      if (entry != null && entry.expired(nanoTime.getAsLong())) {
        entries.remove(id);
        entry = null;
      }
      if (entry == null) {
        entry = new Entry();
        entries.put(id, entry);
        mine = true;
      }
    }
    boolean waits = mine || !entry.future.isDone();
    if (waits) {
      waiting.incrementAndGet();
    }
    try {
      if (mine) {
        load(id, entry, loader);
      }
      return entry.future.join();
    } catch (CompletionException e) {
      throw (DecodeException) e.getCause();
    } finally {
      if (waits) {
        waiting.decrementAndGet();
      }
    }
  }

  /** Threads waiting for a schema now: loading it, or waiting for the one that loads it. */
  int waiting() {
    return waiting.get();
  }

  /** Puts a schema loaded another way (a subject's latest version). */
  void put(RegisteredSchema schema) {
    Entry entry = new Entry();
    entry.future.complete(schema);
    synchronized (entries) {
      entries.put(schema.id(), entry);
    }
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  private void load(int id, Entry entry, IntFunction<RegisteredSchema> loader) {
    try {
      entry.future.complete(loader.apply(id));
    } catch (DecodeException e) {
      if (e.reason() == DecodeReason.UNKNOWN_SCHEMA) {
        entry.expiresAt = nanoTime.getAsLong() + unknownRecheckNanos;
        entry.expires = true;
      } else if (e.reason() == DecodeReason.REGISTRY_UNAVAILABLE) {
        forget(id, entry);
      }
      entry.future.completeExceptionally(e);
    } catch (RuntimeException | Error e) {
      forget(id, entry);
      entry.future.completeExceptionally(
          new DecodeException(
              DecodeReason.REGISTRY_UNAVAILABLE,
              id,
              "Loading the schema failed: " + e.getClass().getSimpleName()));
      throw e;
    }
  }

  private void forget(int id, Entry entry) {
    synchronized (entries) {
      entries.remove(id, entry);
    }
  }
}
