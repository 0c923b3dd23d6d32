package io.outsidein.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.outsidein.common.testing.S3ProxyServer;
import io.outsidein.common.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The shared S3 test server takes a Parquet write and read through s3a from the shared SparkSession. */
class S3ProxyServerTest {
  private static final String BUCKET = "s3proxy-server-test";

  @Test
  void writesAndReadsParquetThroughS3a() {
    S3ProxyServer s3 = S3ProxyServer.shared();
    s3.createBucket(BUCKET);
    s3.createBucket(BUCKET); // A second ask for the same bucket is fine.
    SparkSession spark = TestSpark.session();
    s3.configure(spark.sparkContext().hadoopConfiguration());
    StructType schema = new StructType()
        .add("id", DataTypes.IntegerType, false)
        .add("name", DataTypes.StringType);
    Dataset<Row> rows = spark.createDataFrame(List.of(
        RowFactory.create(1, "one"),
        RowFactory.create(2, null),
        RowFactory.create(3, "three")), schema);
    String path = "s3a://" + BUCKET + "/x";

    rows.write().mode(SaveMode.Overwrite).parquet(path);

    assertThat(spark.read().parquet(path).orderBy("id").collectAsList()).containsExactly(
        RowFactory.create(1, "one"),
        RowFactory.create(2, null),
        RowFactory.create(3, "three"));
  }

  @Test
  void describesItselfForSpark() {
    S3ProxyServer s3 = S3ProxyServer.shared();

    assertThat(s3.endpoint()).matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(s3.sparkConf())
        .containsEntry("spark.hadoop.fs.s3a.endpoint", s3.endpoint())
        .containsEntry("spark.hadoop.fs.s3a.path.style.access", "true")
        .containsEntry("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
        .containsEntry("spark.hadoop.fs.s3a.access.key", s3.accessKey())
        .containsEntry("spark.hadoop.fs.s3a.secret.key", s3.secretKey())
        .containsEntry("spark.hadoop.fs.s3a.aws.credentials.provider",
            "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider")
        .hasSize(6);
  }
}
