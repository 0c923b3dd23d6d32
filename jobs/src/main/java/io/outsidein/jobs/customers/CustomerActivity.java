package io.outsidein.jobs.customers;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;

import io.outsidein.common.schema.Source;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The stage's state as a pure function of silver, per event date (the table {@code ops.customer_activity}):
 * interactions counted per customer, day and channel. Everything the stage reads of interactions is a sum of
 * these counts over some days (a channel's contacts priced by its channel), so a night aggregates only the dates
 * its input changed and reads a few rows per customer and day for the windows it looks back over.
 */
final class CustomerActivity {
  static final String PAGE_VIEW = "page_view";

  private CustomerActivity() {}

  /**
   * customer_id, channel, events, page_views, contacts, transfers, referrals, event_date: one row per customer
   * (null for events naming none), event date and channel of {@code interactions}.
   */
  static Dataset<Row> daily(Dataset<Row> interactions) {
    return interactions.groupBy(col("customer_id"), col(Source.EVENT_DATE), col("channel"))
        .agg(count(lit(1)).as("events"), count_if(col("event_type").equalTo(PAGE_VIEW)).as("page_views"),
            count_if(col("event_type").equalTo(CostToServe.CONTACT)).as("contacts"),
            count_if(col("event_type").equalTo(CostToServe.TRANSFER)).as("transfers"),
            count_if(col("event_type").equalTo(Advocates.REFERRAL)).as("referrals"))
        .select("customer_id", "channel", "events", "page_views", "contacts", "transfers", "referrals",
            Source.EVENT_DATE);
  }

  /**
   * The dates whose activity a run computes: every date its input changed, and every date of [{@code from},
   * {@code to}] the state does not hold yet ({@code to} no later than the last date silver holds events of, so
   * that a day still to come is not held empty).
   */
  static List<LocalDate> datesToCompute(Collection<LocalDate> changed, LocalDate from, LocalDate to,
      Collection<LocalDate> held) {
    TreeSet<LocalDate> dates = new TreeSet<>(changed);
    if (!to.isBefore(from)) {
      from.datesUntil(to.plusDays(1)).filter(d -> !held.contains(d)).forEach(dates::add);
    }
    return List.copyOf(dates);
  }
}
