package io.outsidein.jobs.generate;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The context of the range: hurricane warnings on coastal regions (the planted sales spike), the storm at
 * landfall, holidays, promotions and heatwaves. Only the hurricane warnings change behaviour; the other
 * contexts are calendar entries that must not show an item lift. Each entry is announced, and delivered, on
 * its start date.
 */
final class ContextCalendar implements Serializable {
  /** One calendar entry as delivered. */
  record ContextEvent(String scope, String eventType, LocalDate startDate, LocalDate endDate) implements Serializable {
    String naturalKey() {
      return scope + "|" + eventType + "|" + startDate;
    }
  }

  /** A hurricane warning: the region's stores sell the hurricane SKUs at k times from start to end. */
  record Warning(String region, LocalDate start, LocalDate end) implements Serializable {
    LocalDate landfall() {
      return end.plusDays(1);
    }
  }

  private final List<ContextEvent> events;
  private final List<Warning> warnings;

  private ContextCalendar(List<ContextEvent> events, List<Warning> warnings) {
    this.events = List.copyOf(events);
    this.warnings = List.copyOf(warnings);
  }

  static ContextCalendar of(GeneratorSettings settings, World world) {
    Draw draw = Draw.of(settings.seed(), Draw.Stream.WORLD, 2);
    LocalDate from = settings.from();
    LocalDate to = settings.to();
    int warningDays = settings.planted().hurricane().warningDays();
    List<Warning> warnings = new ArrayList<>();
    List<ContextEvent> events = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < settings.planted().hurricane().count(); i++) {
      // Leave a normal day before the warning when the range allows, and landfall inside the range.
      long latest = Math.max(0, settings.days() - warningDays - 1);
      long earliest = Math.min(1, latest);
      for (int attempt = 0; attempt < 20; attempt++) {
        String region = draw.pick(World.COASTAL_REGIONS);
        LocalDate start = from.plusDays(earliest + (long) (draw.uniform() * (latest - earliest + 1)));
        LocalDate end = start.plusDays(warningDays - 1L);
        if (end.isAfter(to)) {
          end = to;
        }
        Warning warning = new Warning(region, start, end);
        if (warnings.stream().noneMatch(w -> w.region().equals(region) && overlaps(w, warning))) {
          warnings.add(warning);
          add(events, keys, new ContextEvent("region:" + region, "hurricane_warning", start, end));
          if (!warning.landfall().isAfter(to)) {
            LocalDate stormEnd = warning.landfall().plusDays(1).isAfter(to) ? to : warning.landfall().plusDays(1);
            add(events, keys, new ContextEvent("region:" + region, "storm", warning.landfall(), stormEnd));
          }
          break;
        }
      }
    }
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      if (isHoliday(day)) {
        add(events, keys, new ContextEvent("all", "holiday", day, day));
      }
    }
    int promotions = Math.max(1, settings.days() / 20);
    for (int i = 0; i < promotions; i++) {
      LocalDate start = from.plusDays(draw.between(0, settings.days() - 1));
      LocalDate end = min(start.plusDays(draw.between(2, 4)), to);
      String scope = draw.chance(0.5) ? "all" : "store:" + draw.pick(world.stores());
      add(events, keys, new ContextEvent(scope, "promotion", start, end));
    }
    for (int i = 0; i < Math.max(1, settings.days() / 45); i++) {
      LocalDate start = from.plusDays(draw.between(0, settings.days() - 1));
      add(events, keys, new ContextEvent("region:" + draw.pick(List.of("central", "west", "north")), "heatwave",
          start, min(start.plusDays(draw.between(1, 3)), to)));
    }
    return new ContextCalendar(events, warnings);
  }

  private static void add(List<ContextEvent> events, Set<String> keys, ContextEvent event) {
    // The natural key is (scope, event_type, start_date): never plant an accidental duplicate.
    if (keys.add(event.naturalKey())) {
      events.add(event);
    }
  }

  private static boolean overlaps(Warning a, Warning b) {
    return !a.landfall().plusDays(1).isBefore(b.start()) && !b.landfall().plusDays(1).isBefore(a.start());
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }

  static boolean isHoliday(LocalDate day) {
    MonthDay monthDay = MonthDay.from(day);
    return monthDay.equals(MonthDay.of(1, 1))
        || monthDay.equals(MonthDay.of(7, 4))
        || monthDay.equals(MonthDay.of(12, 25))
        || day.equals(day.withMonth(5).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)))
        || day.equals(day.withMonth(9).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)))
        || day.equals(day.withMonth(11).with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY)));
  }

  /** Whether a store of the region is under a hurricane warning on the day. */
  boolean warned(String region, LocalDate day) {
    for (Warning warning : warnings) {
      if (warning.region().equals(region) && !day.isBefore(warning.start()) && !day.isAfter(warning.end())) {
        return true;
      }
    }
    return false;
  }

  List<ContextEvent> events() {
    return events;
  }

  List<Warning> warnings() {
    return warnings;
  }
}
