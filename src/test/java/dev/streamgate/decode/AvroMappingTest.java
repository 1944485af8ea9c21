package dev.streamgate.decode;

import static dev.streamgate.decode.AvroCases.field;
import static dev.streamgate.decode.AvroCases.json;
import static dev.streamgate.decode.AvroCases.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

/** Every row of the Avro mapping in docs/api.md, written by Avro and decoded. */
class AvroMappingTest {

  private static final String TRADE =
      """
      {"type":"record","name":"Trade","namespace":"demo","fields":[
        {"name":"id","type":"long"},
        {"name":"ok","type":"boolean"},
        {"name":"qty","type":"int"},
        {"name":"px","type":"double"},
        {"name":"ratio","type":"float"},
        {"name":"venue","type":["null","string"]},
        {"name":"side","type":{"type":"enum","name":"Side","symbols":["BUY","SELL"]}},
        {"name":"raw","type":"bytes"},
        {"name":"tag","type":{"type":"fixed","name":"Tag","size":3}},
        {"name":"legs","type":{"type":"array","items":"int"}},
        {"name":"attrs","type":{"type":"map","values":"string"}},
        {"name":"nothing","type":"null"},
        {"name":"book","type":{"type":"record","name":"Book","fields":[
          {"name":"bid","type":"double"},{"name":"ask","type":["null","double"],"default":null}]}}
      ]}""";

  @Test
  void recordsAreObjectsInFieldOrderWithUnionsUnwrapped() {
    Schema schema = parse(TRADE);
    GenericRecord trade = new GenericData.Record(schema);
    trade.put("id", 42L);
    trade.put("ok", true);
    trade.put("qty", -7);
    trade.put("px", 101.25);
    trade.put("ratio", 0.5f);
    trade.put("venue", new Utf8("X1"));
    trade.put("side", new GenericData.EnumSymbol(schema.getField("side").schema(), "SELL"));
    trade.put("raw", ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff}));
    trade.put(
        "tag", new GenericData.Fixed(schema.getField("tag").schema(), new byte[] {'a', 'b', 'c'}));
    trade.put("legs", List.of(1, 2, 3));
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("z", "last");
    attrs.put("a", "first");
    trade.put("attrs", attrs);
    trade.put("nothing", null);
    GenericRecord book = new GenericData.Record(schema.getField("book").schema());
    book.put("bid", 99.5);
    book.put("ask", null);
    trade.put("book", book);

    assertThat(json(TRADE, trade))
        .isEqualTo(
            "{\"id\":42,\"ok\":true,\"qty\":-7,\"px\":101.25,\"ratio\":0.5,\"venue\":\"X1\","
                + "\"side\":\"SELL\",\"raw\":\"AAEC/w==\",\"tag\":\"YWJj\",\"legs\":[1,2,3],"
                + "\"attrs\":{\"z\":\"last\",\"a\":\"first\"},\"nothing\":null,"
                + "\"book\":{\"bid\":99.5,\"ask\":null}}");
  }

  @Test
  void aUnionOfRecordsIsTheBranchObjectItself() {
    String schema =
        field(
            "[\"null\",{\"type\":\"record\",\"name\":\"A\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]},"
                + "{\"type\":\"record\",\"name\":\"B\",\"fields\":[{\"name\":\"b\",\"type\":\"string\"}]}]");
    Schema parsed = parse(schema);
    Schema b = parsed.getField("f").schema().getTypes().get(2);
    GenericRecord inner = new GenericData.Record(b);
    inner.put("b", "x");
    GenericRecord outer = new GenericData.Record(parsed);
    outer.put("f", inner);
    assertThat(json(schema, outer)).isEqualTo("{\"f\":{\"b\":\"x\"}}");
  }

  @Test
  void decimalsAreExactStrings() {
    String bytes =
        field("{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":20,\"scale\":4}");
    assertThat(json(bytes, record(bytes, decimal(bytes, "-12345.6700"))))
        .isEqualTo("{\"f\":\"-12345.6700\"}");
    assertThat(json(bytes, record(bytes, decimal(bytes, "0.0001"))))
        .isEqualTo("{\"f\":\"0.0001\"}");
    String fixed =
        field(
            "{\"type\":\"fixed\",\"name\":\"D\",\"size\":16,\"logicalType\":\"decimal\",\"precision\":38,\"scale\":9}");
    Schema f = parse(fixed).getField("f").schema();
    Object value =
        new Conversions.DecimalConversion()
            .toFixed(new BigDecimal("12345678901234567890.123456789"), f, f.getLogicalType());
    assertThat(json(fixed, record(fixed, value)))
        .isEqualTo("{\"f\":\"12345678901234567890.123456789\"}");
  }

  @Test
  void datesAndTimesAreIso8601() {
    Instant instant = Instant.parse("2023-11-14T22:13:20.123456789Z");
    assertThat(logical("int", "date", (int) LocalDate.parse("1999-12-31").toEpochDay()))
        .isEqualTo("\"1999-12-31\"");
    assertThat(logical("long", "timestamp-millis", instant.toEpochMilli()))
        .isEqualTo("\"2023-11-14T22:13:20.123Z\"");
    assertThat(logical("long", "timestamp-micros", micros(instant)))
        .isEqualTo("\"2023-11-14T22:13:20.123456Z\"");
    assertThat(
            logical(
                "long",
                "timestamp-nanos",
                new TimeConversions.TimestampNanosConversion().toLong(instant, null, null)))
        .isEqualTo("\"2023-11-14T22:13:20.123456789Z\"");
    assertThat(logical("long", "timestamp-millis", -1L)).isEqualTo("\"1969-12-31T23:59:59.999Z\"");
    assertThat(logical("long", "timestamp-millis", 0L)).isEqualTo("\"1970-01-01T00:00:00Z\"");
    assertThat(logical("long", "local-timestamp-millis", instant.toEpochMilli()))
        .isEqualTo("\"2023-11-14T22:13:20.123\"");
    assertThat(logical("long", "local-timestamp-micros", micros(instant)))
        .isEqualTo("\"2023-11-14T22:13:20.123456\"");
    assertThat(logical("int", "time-millis", 45_296_789)).isEqualTo("\"12:34:56.789\"");
    assertThat(logical("int", "time-millis", 45_240_000)).isEqualTo("\"12:34:00\"");
    assertThat(logical("long", "time-micros", 45_296_789_012L)).isEqualTo("\"12:34:56.789012\"");
  }

  @Test
  void aTimeOfDayOutsideADayIsItsPlainNumber() {
    assertThat(logical("int", "time-millis", 86_400_000)).isEqualTo("86400000");
    assertThat(logical("long", "time-micros", -1L)).isEqualTo("-1");
  }

  @Test
  void uuidsAndDurations() {
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertThat(logical("string", "uuid", new Utf8(uuid.toString())))
        .isEqualTo("\"123e4567-e89b-12d3-a456-426614174000\"");
    String fixedUuid =
        field("{\"type\":\"fixed\",\"name\":\"U\",\"size\":16,\"logicalType\":\"uuid\"}");
    Schema u = parse(fixedUuid).getField("f").schema();
    byte[] sixteen =
        ByteBuffer.allocate(16)
            .putLong(uuid.getMostSignificantBits())
            .putLong(uuid.getLeastSignificantBits())
            .array();
    assertThat(json(fixedUuid, record(fixedUuid, new GenericData.Fixed(u, sixteen))))
        .isEqualTo("{\"f\":\"123e4567-e89b-12d3-a456-426614174000\"}");
    String duration =
        field("{\"type\":\"fixed\",\"name\":\"Dur\",\"size\":12,\"logicalType\":\"duration\"}");
    Schema d = parse(duration).getField("f").schema();
    byte[] twelve =
        ByteBuffer.allocate(12)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(14)
            .putInt(3)
            .putInt(-1)
            .array();
    assertThat(json(duration, record(duration, new GenericData.Fixed(d, twelve))))
        .isEqualTo("{\"f\":{\"months\":14,\"days\":3,\"milliseconds\":4294967295}}");
  }

  @Test
  void nanAndInfinitiesAreStrings() {
    String schema =
        "{\"type\":\"record\",\"name\":\"N\",\"fields\":[{\"name\":\"d\",\"type\":{\"type\":\"array\",\"items\":\"double\"}},{\"name\":\"f\",\"type\":{\"type\":\"array\",\"items\":\"float\"}}]}";
    GenericRecord record = new GenericData.Record(parse(schema));
    record.put("d", List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300));
    record.put("f", List.of(Float.NaN, Float.NEGATIVE_INFINITY, 1.5f));
    assertThat(json(schema, record))
        .isEqualTo(
            "{\"d\":[\"NaN\",\"Infinity\",\"-Infinity\",1.0E300],\"f\":[\"NaN\",\"-Infinity\",1.5]}");
  }

  @Test
  void stringsAreEscapedSoTheJsonIsOneLine() {
    String schema = field("\"string\"");
    String json = json(schema, record(schema, new Utf8("a\nb\r\"c\"\u0000\u2028é")));
    assertThat(json).doesNotContain("\n").doesNotContain("\r");
    assertThat(json).isEqualTo("{\"f\":\"a\\nb\\r\\\"c\\\"\\u0000\u2028é\"}");
  }

  @Test
  void aTopLevelPrimitiveIsItsJsonValue() {
    assertThat(json("\"string\"", new Utf8("plain"))).isEqualTo("\"plain\"");
    assertThat(json("[\"null\",\"long\"]", 5L)).isEqualTo("5");
    assertThat(json("[\"null\",\"long\"]", null)).isEqualTo("null");
  }

  @Test
  void aRecursiveTypeDecodesWithinTheDepth() {
    String list =
        "{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"v\",\"type\":\"int\"},"
            + "{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}";
    Schema schema = parse(list);
    GenericRecord tail = new GenericData.Record(schema);
    tail.put("v", 2);
    GenericRecord head = new GenericData.Record(schema);
    head.put("v", 1);
    head.put("next", tail);
    assertThat(json(list, head)).isEqualTo("{\"v\":1,\"next\":{\"v\":2,\"next\":null}}");
  }

  @Test
  void referencedTypesResolveThroughTheResolver() {
    String money =
        "{\"type\":\"record\",\"name\":\"Money\",\"namespace\":\"common\",\"fields\":[{\"name\":\"units\",\"type\":\"long\"}]}";
    String order =
        "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"total\",\"type\":\"common.Money\"}]}";
    SchemaReference reference = new SchemaReference("common.Money", "money-value", 1);
    SchemaDecoder decoder =
        AvroCases.COMPILER.compile(
            new SchemaText(5, SchemaType.AVRO, order, List.of(reference)),
            r -> new SchemaText(9, SchemaType.AVRO, money, List.of()));
    Schema.Parser parser = new Schema.Parser();
    Schema moneySchema = parser.parse(money);
    Schema orderSchema = parser.parse(order);
    GenericRecord total = new GenericData.Record(moneySchema);
    total.put("units", 250L);
    GenericRecord record = new GenericData.Record(orderSchema);
    record.put("total", total);
    assertThat(AvroCases.json(decoder, orderSchema, record))
        .isEqualTo("{\"total\":{\"units\":250}}");
  }

  private static long micros(Instant instant) {
    return new TimeConversions.TimestampMicrosConversion().toLong(instant, null, null);
  }

  private static String logical(String type, String logicalType, Object value) {
    String schema = field("{\"type\":\"" + type + "\",\"logicalType\":\"" + logicalType + "\"}");
    String json = json(schema, record(schema, value));
    return json.substring("{\"f\":".length(), json.length() - 1);
  }

  private static ByteBuffer decimal(String schema, String value) {
    Schema f = parse(schema).getField("f").schema();
    LogicalType logical = f.getLogicalType();
    return new Conversions.DecimalConversion().toBytes(new BigDecimal(value), f, logical);
  }

  private static GenericRecord record(String schema, Object value) {
    GenericRecord record = new GenericData.Record(parse(schema));
    record.put("f", value);
    return record;
  }
}
