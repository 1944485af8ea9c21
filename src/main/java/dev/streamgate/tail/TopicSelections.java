package dev.streamgate.tail;

import dev.streamgate.select.RecordVariables;
import dev.streamgate.select.Selection;
import dev.streamgate.wire.EventTypes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The selections (filter, fields) the streams of one topic use, each evaluated once per record by
 * the topic's reader as the record enters the window, whatever the number of streams that share it:
 * the verdicts ride on the {@link WindowEntry} ({@link Selected}), published with it.
 *
 * <p>Why on the reader's thread: it is the window's one writer, so each record is evaluated exactly
 * once per group, with no race between event loops and no lock on the fan-out path; the cost moves
 * from N streams to one thread, which the limits of each expression and {@link #max} bound. Records
 * already in the window when a group forms (its first stream opens) carry no verdict for it: a
 * stream evaluates those for itself, as it does for records from a catch-up reader.
 *
 * <p>Bounded: at most {@code max} groups per topic; {@link #join} answers null beyond (the opener
 * refuses the stream with 503). A group leaves when its last stream closes, and its slot is reused;
 * verdicts name their group, so an old verdict in a reused slot is never taken for a new group's.
 *
 * <p>Threads: joins and leaves come from the open pool and the event loops, under this object's
 * lock; the reader reads the volatile slot array.
 */
public final class TopicSelections {

  private final int max;
  private final String typeHeader;
  private final Map<String, Group> groups = new HashMap<>();
  private volatile Group[] slots = new Group[0];

  /**
   * @param max most distinct selections at once
   * @param typeHeader the header that holds the event type (the {@code type} variable)
   */
  public TopicSelections(int max, String typeHeader) {
    this.max = max;
    this.typeHeader = typeHeader;
  }

  /** The selection's group on this topic, joined; null when the topic has {@code max} already. */
  public synchronized Group join(Selection selection) {
    Group group = groups.get(selection.key());
    if (group == null) {
      if (groups.size() >= max) {
        return null;
      }
      Group[] now = slots;
      int slot = 0;
      while (slot < now.length && now[slot] != null) {
        slot++;
      }
      group = new Group(selection, slot);
      Group[] next = Arrays.copyOf(now, Math.max(now.length, slot + 1));
      next[slot] = group;
      groups.put(selection.key(), group);
      slots = next;
    }
    group.streams++;
    return group;
  }

  /** A stream of the group closed; the last one frees the slot. */
  public synchronized void leave(Group group) {
    if (--group.streams == 0 && groups.remove(group.selection.key(), group)) {
      Group[] next = slots.clone();
      next[group.slot] = null;
      slots = next;
    }
  }

  /** Distinct selections in use on this topic. */
  public synchronized int size() {
    return groups.size();
  }

  /** The verdicts of every group on a record about to enter the window (reader thread only). */
  Selected[] evaluate(ConsumerRecord<byte[], byte[]> record) {
    Group[] now = slots;
    if (now.length == 0) {
      return null;
    }
    RecordVariables variables =
        new RecordVariables(record, EventTypes.of(record.headers(), typeHeader));
    Selected[] verdicts = new Selected[now.length];
    for (int i = 0; i < now.length; i++) {
      if (now[i] != null) {
        verdicts[i] = now[i].select(variables, true);
      }
    }
    return verdicts;
  }

  /** The streams of one topic that use one selection. */
  public static final class Group {

    private final Selection selection;
    private final int slot;
    private final Selected passed = new Selected(this, true, null);
    private final Selected rejected = new Selected(this, false, null);
    private int streams;

    private Group(Selection selection, int slot) {
      this.selection = selection;
      this.slot = slot;
    }

    public Selection selection() {
      return selection;
    }

    /**
     * The group's verdict on a window entry: the shared one the reader computed, or, for an entry
     * older than the group, one evaluated now for the calling stream alone.
     *
     * @param type the entry's event type as the stream resolved it
     */
    public Selected verdict(WindowEntry entry, String type) {
      Selected shared = entry.selected(slot);
      if (shared != null && shared.of(this)) {
        return shared;
      }
      return select(new RecordVariables(entry.record(), type), false);
    }

    private Selected select(RecordVariables variables, boolean shared) {
      // A record of its own (a projected value, an undecodable record without its bytes) gets
      // frames of its own; else the entry's frames are shared.
      return selection
          .select(variables, shared)
          .map(r -> r != variables.record() ? new Selected(this, true, r) : passed)
          .orElse(rejected);
    }
  }
}
