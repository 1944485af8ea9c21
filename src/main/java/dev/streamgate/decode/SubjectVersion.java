package dev.streamgate.decode;

/** A subject and version under which the registry holds a schema id. */
public record SubjectVersion(String subject, int version) {}
