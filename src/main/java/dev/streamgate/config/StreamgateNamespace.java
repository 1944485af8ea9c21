package dev.streamgate.config;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;

/**
 * The {@code streamgate.*} namespace, which holds no setting of its own: every feature declares its
 * keys in a mapping of its own prefix next to the package that reads it ({@code
 * dev.streamgate.stream.StreamConfig}, {@code dev.streamgate.tail.TailConfig}, …).
 *
 * <p>This empty root claims the whole namespace for SmallRye's check of unknown keys, which looks
 * only under the prefixes of mappings. Without it a misspelt group ({@code
 * streamgate.stram.heartbeat}) would be ignored in silence while a misspelt key inside a group
 * ({@code streamgate.stream.hartbeat}) refuses to start; with it both refuse to start, as they did
 * when one mapping held every setting. {@link Unremovable}: nothing injects it, and Quarkus
 * registers (and so validates) only the mappings that some bean uses, unless told to keep one.
 */
@Unremovable
@ConfigMapping(prefix = "streamgate")
public interface StreamgateNamespace {}
