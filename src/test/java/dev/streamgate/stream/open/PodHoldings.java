package dev.streamgate.stream.open;

import dev.streamgate.kafka.TopicDirectory;
import dev.streamgate.stream.pod.StreamSlots;
import dev.streamgate.tail.TailRegistry;
import dev.streamgate.tail.TopicTail;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the pod has handed out to streams, as far as some topics and one client address go: each
 * topic's reader references (the registry's count of acquires not yet released), selection groups
 * and conflation groups, the pod's and the address's stream slots, and the pattern watches
 * following the topic directory. Equal before an open and after its refusal when the open gave back
 * all it took.
 *
 * @param readers per topic, clients holding its readers
 * @param groups per topic, distinct selections its reader evaluates (0 without a reader)
 * @param conflations per topic, conflation groups its reader folds (0 without a reader)
 * @param slots streams open on the pod
 * @param addressSlots streams open from the address
 * @param watchers pattern watches registered with the directory
 */
record PodHoldings(
    Map<String, Integer> readers,
    Map<String, Integer> groups,
    Map<String, Integer> conflations,
    int slots,
    int addressSlots,
    int watchers) {

  static PodHoldings of(
      TailRegistry tails,
      StreamSlots slots,
      TopicDirectory directory,
      String address,
      List<String> topics) {
    Map<String, Integer> readers = new TreeMap<>();
    Map<String, Integer> groups = new TreeMap<>();
    Map<String, Integer> conflations = new TreeMap<>();
    for (String topic : topics) {
      readers.put(topic, tails.clients(topic));
      TopicTail tail = tails.running(topic);
      groups.put(topic, tail == null ? 0 : tail.selections().size());
      conflations.put(topic, tail == null ? 0 : tail.conflation().size());
    }
    return new PodHoldings(
        readers, groups, conflations, slots.open(), slots.open(address), directory.watchers());
  }

  /** These holdings with one more reader reference and group on each topic, and one more slot. */
  PodHoldings plusOneStream(boolean selects, boolean watches) {
    return plusOneStream(selects, false, watches);
  }

  /**
   * These holdings with one more reader reference on each topic, one more selection group when the
   * stream selects, one more conflation group when it conflates, and one more slot.
   */
  PodHoldings plusOneStream(boolean selects, boolean conflates, boolean watches) {
    return new PodHoldings(
        plusOne(readers, true),
        plusOne(groups, selects),
        plusOne(conflations, conflates),
        slots + 1,
        addressSlots + 1,
        watchers + (watches ? 1 : 0));
  }

  private static Map<String, Integer> plusOne(Map<String, Integer> counts, boolean more) {
    Map<String, Integer> plus = new TreeMap<>();
    counts.forEach((t, n) -> plus.put(t, n + (more ? 1 : 0)));
    return plus;
  }
}
