package io.outsidein.jobs.generate;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * B2B accounts and their contacts. Customers come in blocks of {@link #BLOCK}; the last {@link #MAX_CONTACTS}
 * slots of block b may be contacts of account b (how many is the account's own draw), the rest are
 * consumers. So any executor can tell, from a customer's number alone, which account it belongs to and what
 * the account does: how many contacts are active, which departments it uses, and whether it renews.
 */
final class Accounts {
  static final int BLOCK = 20;
  static final int MAX_CONTACTS = 6;
  static final int MAX_DEPARTMENTS = 4;
  private static final int FIRST_SLOT = BLOCK - MAX_CONTACTS;

  /**
   * One account: its contacts (role 0 is the primary, who renews), how many of them are active in the range,
   * the departments its cases go to, the day its contract comes due and whether it renews then.
   */
  record Account(
      long index,
      String id,
      String segment,
      int contacts,
      int activeContacts,
      List<String> departments,
      LocalDate renewalDate,
      boolean renews,
      double contractValue) implements Serializable {
    Account {
      departments = List.copyOf(departments);
    }
  }

  private Accounts() {}

  /** The account role (0..) of the customer, or -1 for a consumer. */
  static int role(long customerIndex, GeneratorSettings settings) {
    int slot = (int) (customerIndex % BLOCK);
    if (slot < FIRST_SLOT) {
      return -1;
    }
    Account account = of(customerIndex / BLOCK, settings);
    int role = slot - FIRST_SLOT;
    return account != null && role < account.contacts() ? role : -1;
  }

  /** The account of block {@code index}, or null when the block has no contact (the last, partial block). */
  static Account of(long index, GeneratorSettings settings) {
    long existing = Math.min(MAX_CONTACTS, Math.max(0, settings.customers() - (index * BLOCK + FIRST_SLOT)));
    if (existing == 0) {
      return null;
    }
    Draw draw = Draw.of(settings.seed(), Draw.Stream.ACCOUNT, index);
    int contacts = (int) Math.min(existing, draw.between(1, MAX_CONTACTS));
    int active = draw.between(1, contacts);
    List<String> pool = new ArrayList<>(World.DEPARTMENTS);
    List<String> departments = new ArrayList<>();
    int departmentCount = draw.between(1, MAX_DEPARTMENTS);
    for (int i = 0; i < departmentCount; i++) {
      departments.add(pool.remove(draw.between(0, pool.size() - 1)));
    }
    String segment = draw.chance(0.65) ? "small_business" : "enterprise";
    LocalDate renewal = settings.from().plusDays(draw.between(0, settings.days() - 1));
    boolean renews = draw.chance(settings.planted().renewal().chance(active, departmentCount));
    double value = Math.round(segment.equals("enterprise") ? draw.uniform(20_000, 120_000) : draw.uniform(2_000, 15_000));
    return new Account(index, String.format(Locale.ROOT, "B%05d", index), segment, contacts, active, departments,
        renewal, renews, value);
  }

  /** Accounts of the whole customer base (blocks that hold at least one contact). */
  static long count(GeneratorSettings settings) {
    return (settings.customers() - FIRST_SLOT + BLOCK - 1) / BLOCK;
  }
}
