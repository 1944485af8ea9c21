package dev.streamgate.decode;

/**
 * A schema's reference to another registered schema, as the registry lists it: the name the
 * referring schema uses (a Protobuf import path such as {@code "common/money.proto"}, an Avro
 * type's full name), and the subject and version that hold it.
 */
public record SchemaReference(String name, String subject, int version) {}
