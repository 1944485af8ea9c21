package dev.streamgate.select;

/**
 * A filter or projection that cannot be used: the compiler's message, or the limit it broke. The
 * HTTP edge answers it before the stream opens: 400 when the request's own {@code filter} or {@code
 * fields} is at fault, 403 when the caller's filter claim is (the caller cannot fix that).
 */
public final class SelectionException extends RuntimeException {

  /** Whose text was refused. */
  public enum Source {
    /** the request's {@code filter} or {@code fields} parameter */
    REQUEST,
    /** the filter claim of the caller's token */
    CLAIM
  }

  private final String title;
  private final Source source;

  public SelectionException(String title, String detail, Source source) {
    super(detail, null, false, false);
    this.title = title;
    this.source = source;
  }

  public String title() {
    return title;
  }

  public Source source() {
    return source;
  }

  /** The same refusal, blamed on {@code source}. */
  SelectionException from(Source source) {
    return source == this.source ? this : new SelectionException(title, getMessage(), source);
  }
}
