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
 * topic's reader references (the registry's count of acquires not yet released) and selection
 * groups, the pod's and the address's stream slots, and the pattern watches following the topic
 * directory. Equal before an open and after its refusal when the open gave back all it took.
 *
 * @param readers per topic, clients holding its readers
 * @param groups per topic, distinct selections its reader evaluates (0 without a reader)
 * @param slots streams open on the pod
 * @param addressSlots streams open from the address
 * @param watchers pattern watches registered with the directory
 */
record PodHoldings(
    Map<String, Integer> readers,
    Map<String, Integer> groups,
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
    for (String topic : topics) {
      readers.put(topic, tails.clients(topic));
      TopicTail tail = tails.running(topic);
      groups.put(topic, tail == null ? 0 : tail.selections().size());
    }
    return new PodHoldings(
        readers, groups, slots.open(), slots.open(address), directory.watchers());
  }

  /** These holdings with one more reader reference and group on each topic, and one more slot. */
  PodHoldings plusOneStream(boolean selects, boolean watches) {
    Map<String, Integer> moreReaders = new TreeMap<>();
    readers.forEach((t, n) -> moreReaders.put(t, n + 1));
    Map<String, Integer> moreGroups = new TreeMap<>();
    groups.forEach((t, n) -> moreGroups.put(t, n + (selects ? 1 : 0)));
    return new PodHoldings(
        moreReaders, moreGroups, slots + 1, addressSlots + 1, watchers + (watches ? 1 : 0));
  }
}
