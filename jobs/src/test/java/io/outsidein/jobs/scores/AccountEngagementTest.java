package io.outsidein.jobs.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.outsidein.common.testing.TestSpark;
import io.outsidein.jobs.testing.Frames;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class AccountEngagementTest {
  private static final LocalDate RUN = LocalDate.of(2026, 4, 30);

  @Test
  void breadthCountsContactsDepartmentsAndChannelsButNotTheRenewalItself() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> customers = spark.sql("SELECT * FROM VALUES ('c1', 'B1'), ('c2', 'B1'), ('c3', 'B1'), "
        + "('c4', 'B2'), ('c5', NULL) AS t(customer_id, account_id)");
    Dataset<Row> interactions = spark.sql("SELECT customer_id, event_type, channel, department, "
        + "CASE WHEN kind IS NULL THEN map() ELSE map('kind', kind) END AS properties FROM VALUES "
        + "('c1', 'contact', 'chat', 'billing', NULL), ('c1', 'contact', 'call_center', 'orders', NULL), "
        + "('c2', 'page_view', 'web', NULL, NULL), "
        // The renewal: bought by a contact who did nothing else, so it must not make them active.
        + "('c3', 'purchase', 'email', NULL, 'renewal'), "
        // Account B2 buys, but not a renewal; a consumer is no account.
        + "('c4', 'purchase', 'web', NULL, 'gift'), ('c5', 'contact', 'chat', 'billing', NULL) "
        + "AS t(customer_id, event_type, channel, department, kind)");
    Dataset<Row> accounts = new AccountEngagement(ScorecardTest.settings()).accounts(customers, interactions, RUN);
    Frames.assertSameRows(spark.sql("SELECT * FROM VALUES "
        + "('B1', 3L, 2L, 2L, 3L, 3L, true), ('B2', 1L, 1L, 0L, 1L, 1L, false) "
        + "AS t(account_id, contacts, active_contacts, departments, channels, interactions, renewed)"), accounts);
    assertThat(accounts.where("account_id = 'B1'").first().<Double>getAs("interactions_per_contact"))
        .isCloseTo(1.5, within(1e-12));
  }

  @Test
  void renewalOnBreadthIsReadInPercentagePoints() {
    // 200 accounts whose renewal follows 30 % + 10 points per contact beyond the first, exactly in expectation
    // within each (contacts, departments) cell: the model must return 10 and about 0 for departments.
    List<String> rows = new ArrayList<>();
    int id = 0;
    for (int contacts = 1; contacts <= 5; contacts++) {
      for (int departments = 1; departments <= 4; departments++) {
        int renewals = 3 + (contacts - 1); // of 10 accounts
        for (int i = 0; i < 10; i++) {
          rows.add(String.format(Locale.ROOT, "('B%d', %dL, %dL, %s)", id++, contacts, departments,
              i < renewals ? "true" : "false"));
        }
      }
    }
    Dataset<Row> accounts = TestSpark.session().sql("SELECT * FROM VALUES " + String.join(", ", rows)
        + " AS t(account_id, active_contacts, departments, renewed)");
    List<Row> links = new AccountEngagement(ScorecardTest.settings()).links(accounts, RUN);
    assertThat(links.get(0).getString(1)).isEqualTo(AccountEngagement.CONTACTS);
    assertThat(links.get(0).getDouble(2)).isCloseTo(10.0, within(1e-9));
    assertThat(links.get(0).getDouble(5)).isLessThan(1e-3);
    assertThat(links.get(1).getDouble(2)).isCloseTo(0.0, within(1e-9));
    assertThat(links.get(1).getDouble(3)).isNegative();
    assertThat(links.get(0).getLong(8)).isEqualTo(200);
  }
}
