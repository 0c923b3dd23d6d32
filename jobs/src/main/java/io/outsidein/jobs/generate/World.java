package io.outsidein.jobs.generate;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fixed reference of one generated data set: regions and their time zones, stores, departments (the
 * teams), agents, the catalogue and the context calendar. Small, made once on the driver from the settings
 * and shipped to the executors inside the generating closures.
 */
final class World implements Serializable {
  static final List<String> REGIONS = List.of("north", "east", "south", "gulf", "central", "west");
  /** Regions on the coast, where hurricane warnings are issued. */
  static final List<String> COASTAL_REGIONS = List.of("gulf", "south", "east");
  static final Map<String, String> REGION_ZONES = Map.of(
      "north", "America/New_York",
      "east", "America/New_York",
      "south", "America/New_York",
      "gulf", "America/Chicago",
      "central", "America/Chicago",
      "west", "America/Los_Angeles");
  /** The departments that handle cases; each is also a team unit of the engagement pulse. */
  static final List<String> DEPARTMENTS = List.of("billing", "tech_support", "orders", "returns", "accounts", "loyalty");

  private final List<String> stores;
  private final int agentsPerDepartment;
  private final Catalogue catalogue;
  private final ContextCalendar calendar;

  private World(List<String> stores, int agentsPerDepartment, Catalogue catalogue, ContextCalendar calendar) {
    this.stores = List.copyOf(stores);
    this.agentsPerDepartment = agentsPerDepartment;
    this.catalogue = catalogue;
    this.calendar = calendar;
  }

  static World of(GeneratorSettings settings) {
    List<String> stores = new ArrayList<>();
    for (String region : REGIONS) {
      for (int n = 1; n <= settings.volumes().storesPerRegion(); n++) {
        stores.add(storeId(region, n));
      }
    }
    Catalogue catalogue = Catalogue.of(settings);
    World partial = new World(stores, settings.volumes().agentsPerDepartment(), catalogue, null);
    return new World(stores, settings.volumes().agentsPerDepartment(), catalogue,
        ContextCalendar.of(settings, partial));
  }

  /** Store ids encode their region: {@code <region>-<nnn>}, e.g. {@code gulf-004}. */
  static String storeId(String region, int number) {
    return String.format(Locale.ROOT, "%s-%03d", region, number);
  }

  static String regionOf(String storeId) {
    return storeId.substring(0, storeId.lastIndexOf('-'));
  }

  static ZoneId zone(String region) {
    return ZoneId.of(REGION_ZONES.get(region));
  }

  List<String> stores() {
    return stores;
  }

  List<String> storesIn(String region) {
    return stores.stream().filter(s -> regionOf(s).equals(region)).toList();
  }

  /** Engagement units: every store, then every team (a team's unit id is its department). */
  List<String> units() {
    List<String> units = new ArrayList<>(stores);
    units.addAll(DEPARTMENTS);
    return units;
  }

  /** An agent of the department: A0001.. in blocks of agents-per-department per department. */
  String agent(String department, Draw draw) {
    int block = DEPARTMENTS.indexOf(department);
    return String.format(Locale.ROOT, "A%04d", block * agentsPerDepartment + draw.between(1, agentsPerDepartment));
  }

  Catalogue catalogue() {
    return catalogue;
  }

  ContextCalendar calendar() {
    return calendar;
  }
}
