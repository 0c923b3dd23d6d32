package io.outsidein.common.schema;

import static java.util.Objects.requireNonNull;

/**
 * One canonical field of a raw source: its name, type, whether a record without it is rejected, whether it
 * is a personal identifier replaced by a pseudonym, and the comment the silver table carries for it.
 */
public record Field(String name, FieldType type, boolean required, Treatment treatment, String comment) {

  /** What privacy does to a field before it reaches silver. */
  public enum Treatment {
    /** Kept as delivered. */
    NONE,
    /** Replaced by a keyed HMAC-SHA256 pseudonym. */
    PSEUDONYMISE,
    /** Free text: e-mail addresses, phone numbers and card numbers are redacted. */
    REDACT
  }

  public Field {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(treatment, "treatment is null");
    requireNonNull(comment, "comment is null");
  }

  static Field required(String name, FieldType type, String comment) {
    return new Field(name, type, true, Treatment.NONE, comment);
  }

  static Field optional(String name, FieldType type, String comment) {
    return new Field(name, type, false, Treatment.NONE, comment);
  }

  Field pseudonymised() {
    return new Field(name, type, required, Treatment.PSEUDONYMISE, comment + " (HMAC-SHA256 pseudonym)");
  }

  Field redacted() {
    return new Field(name, type, required, Treatment.REDACT, comment + " (e-mail, phone and card numbers redacted)");
  }
}
