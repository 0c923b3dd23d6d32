package io.outsidein.jobs.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import com.holdenkarau.spark.testing.SparkSessionProvider;
import io.outsidein.common.testing.TestSpark;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * DataFrame equality from spark-testing-base, used from JUnit 5 as a helper (its base classes start Spark from
 * JUnit 4 hooks that Jupiter never calls). The actual frame is first cut to the expected frame's columns and
 * given its schema, so that a test states the rows it means without restating which columns Spark thinks
 * may be null.
 */
public final class Frames {
  private Frames() {}

  /** Same rows, in any order, over the columns of {@code expected}. */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    SparkSessionProvider._sparkSession_$eq(TestSpark.session());
    Column[] columns = Arrays.stream(expected.columns()).map(functions::col).toArray(Column[]::new);
    Dataset<Row> aligned = TestSpark.session().createDataFrame(actual.select(columns).javaRDD(), expected.schema());
    new JavaDataFrameSuiteBase().assertDataFrameNoOrderEquals(expected, aligned);
  }
}
