package dev.streamgate.tail;

/**
 * A record a group's batch sends: the window entry, the group selection's verdict on it (its
 * projected frames when the selection projects; null without a selection) and its event type.
 */
public record BatchEntry(WindowEntry entry, Selected verdict, String type) {}
