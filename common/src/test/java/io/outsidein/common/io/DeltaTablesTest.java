package io.outsidein.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outsidein.common.config.ConfigurationException;
import io.outsidein.common.spark.SparkSessionFactory;
import io.outsidein.common.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** A warehouse written by an earlier version carries over: a table gets the columns added since. */
class DeltaTablesTest {
  @Test
  void aTableOfAnEarlierVersionGetsTheNewColumnsAtTheEndWithTheirComments() {
    SparkSession spark = TestSpark.session();
    DeltaTables tables = new DeltaTables(spark, SparkSessionFactory.uri(TestSpark.newFolder("evolve").toString()));
    TableName name = new TableName("evolve_ops", "log");
    StructType before = new StructType().add("id", DataTypes.StringType).add("n", DataTypes.LongType);
    tables.ensure(new TableDefinition(name, before, List.of(), "a log"));
    spark.sql("INSERT INTO evolve_ops.log VALUES ('a', 1)");

    StructType after = before.add(DataTypes.createStructField("added", DataTypes.LongType, true)
        .withComment("a later count"));
    tables.ensure(new TableDefinition(name, after, List.of(), "a log"));
    tables.ensure(new TableDefinition(name, after, List.of(), "a log")); // already there: nothing to add

    StructType now = spark.table("evolve_ops.log").schema();
    assertThat(now.fieldNames()).containsExactly("id", "n", "added");
    assertThat(now.apply("added").getComment().get()).isEqualTo("a later count");
    spark.sql("INSERT INTO evolve_ops.log VALUES ('b', 2, 3)");
    assertThat(spark.sql("SELECT count(*), sum(added) FROM evolve_ops.log").first().toString()).isEqualTo("[2,3]");

    // Appends match by name: the added column sits at the end of the table, not where a frame has it.
    tables.append(name, spark.sql("SELECT 4L AS added, 'c' AS id, 5L AS n"));
    assertThat(spark.sql("SELECT n, added FROM evolve_ops.log WHERE id = 'c'").first().toString()).isEqualTo("[5,4]");
  }

  /** A local demo, then the S3 profile with the same embedded catalog in the same folder. */
  @Test
  void aCatalogWhoseTablesLiveUnderAnotherWarehouseStopsTheRunNamingTheTable() {
    SparkSession spark = TestSpark.session();
    String local = SparkSessionFactory.uri(TestSpark.newFolder("local-warehouse").toString());
    TableDefinition table = new TableDefinition(new TableName("shared_catalog", "events"),
        new StructType().add("id", DataTypes.StringType), List.of(), "events");
    new DeltaTables(spark, local).ensure(table);
    new DeltaTables(spark, local + "/").ensure(table); // the same warehouse, however spelt

    assertThatThrownBy(() -> new DeltaTables(spark, "s3a://outsidein/warehouse").ensure(table))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("shared_catalog.events lives at file:")
        .hasMessageContaining("not under the configured warehouse s3a://outsidein/warehouse")
        .hasMessageContaining("outsidein.storage.metastore");
  }
}
