package dev.streamgate.registry;

/**
 * What the registry's client and cache tell the pod's meters ({@link RegistryMeters}): each answer
 * of the registry, and each schema look-up (a cache miss) with its outcome.
 */
interface RegistryEvents {

  /** Counts nothing: for tests and tools. */
  RegistryEvents NONE =
      new RegistryEvents() {
        @Override
        public void answered(String outcome) {}

        @Override
        public void lookedUp(String outcome) {}
      };

  /**
   * One HTTP request's outcome: {@code ok}, or a {@link RegistryException.Kind} as {@code
   * not-found}, {@code unavailable}, {@code refused}, {@code bad-answer}.
   */
  void answered(String outcome);

  /** One schema id (or subject) loaded: {@code loaded}, or the decode reason it failed with. */
  void lookedUp(String outcome);

  static String tag(RegistryException.Kind kind) {
    return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
