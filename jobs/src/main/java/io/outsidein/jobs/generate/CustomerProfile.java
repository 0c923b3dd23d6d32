package io.outsidein.jobs.generate;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;

/**
 * Who a customer (or an anonymous prospect) is and how they behave: the latent traits the simulation draws
 * from. {@code customerId} is null for a prospect; {@code account} null for a consumer.
 */
record CustomerProfile(
    long number,
    String customerId,
    String segment,
    Accounts.Account account,
    int accountRole,
    LocalDate signupDate,
    String acquisitionChannel,
    String referredBy,
    String email,
    String phone,
    String region,
    String homeStore,
    Loyalty loyalty,
    double activity,
    double supportPropensity,
    List<Device> devices,
    List<LocalDate> referralDays) implements Serializable {

  /** How the customer feels about us, whatever happens: the latent class behind relationship NPS. */
  enum Loyalty { PROMOTER, PASSIVE, DETRACTOR }

  /** A device or cookie; {@code type} is desktop, mobile or app. */
  record Device(String id, String type) implements Serializable {}

  CustomerProfile {
    devices = List.copyOf(devices);
    referralDays = List.copyOf(referralDays);
  }

  boolean isProspect() {
    return customerId == null;
  }

  boolean isBusiness() {
    return account != null;
  }

  /** A B2B contact beyond the account's active ones never shows up in the range. */
  boolean isDormant() {
    return account != null && accountRole >= account.activeContacts();
  }

  boolean isAccountPrimary() {
    return account != null && accountRole == 0;
  }
}
