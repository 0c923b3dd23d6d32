package io.outsidein.common.stage;

import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The dates a run changed, per table: ingest reports the event dates it wrote into each silver table (late
 * data included), journeys the journey dates it rewrote. A stage recomputes the dates changed in the tables it
 * reads. Immutable; {@link #plus} gives a new value.
 */
public final class ChangedDates {
  private static final ChangedDates EMPTY = new ChangedDates(Map.of());

  private final Map<TableName, SortedSet<LocalDate>> byTable;

  private ChangedDates(Map<TableName, SortedSet<LocalDate>> byTable) {
    this.byTable = byTable;
  }

  public static ChangedDates none() {
    return EMPTY;
  }

  /** {@code dates} changed in {@code table}; no dates is no change. */
  public static ChangedDates of(TableName table, Collection<LocalDate> dates) {
    return dates.isEmpty() ? EMPTY : new ChangedDates(Map.of(table, Collections.unmodifiableSortedSet(new TreeSet<>(dates))));
  }

  /** This and {@code other}: the union of their dates, table by table. */
  public ChangedDates plus(ChangedDates other) {
    Map<TableName, SortedSet<LocalDate>> merged = new LinkedHashMap<>();
    for (ChangedDates part : List.of(this, other)) {
      part.byTable.forEach((table, dates) -> merged.computeIfAbsent(table, t -> new TreeSet<>()).addAll(dates));
    }
    merged.replaceAll((table, dates) -> Collections.unmodifiableSortedSet(dates));
    return new ChangedDates(Map.copyOf(merged));
  }

  /** The dates changed in any of {@code tables}, ascending. */
  public List<LocalDate> in(Collection<TableDefinition> tables) {
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (TableDefinition table : tables) {
      dates.addAll(byTable.getOrDefault(table.name(), Collections.emptySortedSet()));
    }
    return List.copyOf(dates);
  }

  /** The dates changed in {@code table}, ascending. */
  public List<LocalDate> in(TableName table) {
    return List.copyOf(byTable.getOrDefault(table, Collections.emptySortedSet()));
  }

  public boolean isEmpty() {
    return byTable.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChangedDates other && byTable.equals(other.byTable);
  }

  @Override
  public int hashCode() {
    return byTable.hashCode();
  }

  @Override
  public String toString() {
    return "ChangedDates" + byTable;
  }
}
