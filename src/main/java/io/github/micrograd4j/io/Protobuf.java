package io.github.micrograd4j.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One protocol-buffer message being written, with only what {@link Onnx}'s files need: varint fields (integers
 * and enums) and length-delimited fields (strings, bytes and nested messages). Repeated fields are written one
 * entry per tag, proto2's unpacked encoding, which every parser reads.
 *
 * <p>The encoding (protobuf's "Encoding" guide): each field is a key, the varint {@code field << 3 | wireType},
 * then its value; a varint is the number in groups of 7 bits, least significant group first, with the high
 * bit of each byte set when more bytes follow (so 150 is {@code 96 01}); a length-delimited value is its
 * length as a varint, then its bytes.
 */
final class Protobuf {

    /** Wire type 0: int32, int64, enums, as a varint. */
    private static final int VARINT = 0;
    /** Wire type 2: strings, bytes, embedded messages, as a length and the bytes. */
    private static final int LENGTH_DELIMITED = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Writes an integer field (int32, int64 or enum); a negative number takes ten bytes, as protobuf's int64. */
    Protobuf varint(int field, long value) {
        key(field, VARINT);
        rawVarint(value);
        return this;
    }

    /** Writes a string field as UTF-8. */
    Protobuf string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a bytes field. */
    Protobuf bytes(int field, byte[] value) {
        key(field, LENGTH_DELIMITED);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    /** Writes an embedded message field. */
    Protobuf message(int field, Protobuf message) {
        return bytes(field, message.toByteArray());
    }

    /** Returns the encoded message. */
    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void key(int field, int wireType) {
        rawVarint((long) field << 3 | wireType);
    }

    private void rawVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
