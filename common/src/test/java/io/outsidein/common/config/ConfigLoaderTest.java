package io.outsidein.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outsidein.common.schema.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path folder;

  private static OutsideinSettings load(List<String> overrides) {
    return OutsideinSettings.from(new ConfigLoader().load(Optional.empty(), overrides));
  }

  private static IngestSettings ingest(List<String> overrides) {
    return ingest(new ConfigLoader().load(Optional.empty(), overrides));
  }

  private static IngestSettings ingest(com.typesafe.config.Config config) {
    return IngestSettings.read(OutsideinSettings.root(config).section("ingest"));
  }

  /** A run started from another folder must find the same catalog and logs: relative paths follow the home. */
  @Test
  void relativeStoragePathsResolveAgainstTheHomeNotTheWorkingDirectory() {
    StorageSettings storage = load(List.of("outsidein.storage.home=/srv/outsidein",
        "outsidein.storage.warehouse=s3a://bucket/warehouse", "outsidein.storage.scratch=/tmp/scratch",
        "outsidein.storage.metastore=catalog/../metastore_db", "outsidein.storage.logs=file:///var/log/outsidein"))
        .storage();
    assertThat(storage.raw()).isEqualTo("/srv/outsidein/data/raw");
    assertThat(storage.metastore()).contains("/srv/outsidein/metastore_db");
    assertThat(storage.logs()).isEqualTo("file:///var/log/outsidein");
    assertThat(storage.warehouse()).isEqualTo("s3a://bucket/warehouse");
    assertThat(storage.scratch()).isEqualTo("/tmp/scratch");
    assertThat(load(List.of("outsidein.storage.home=sub")).storage().logs())
        .isEqualTo(Path.of("sub/data/logs").toAbsolutePath().toString());
  }

  /** Changing a default is a decision: it has to change here too. */
  @Test
  void pinsEveryDefault() {
    OutsideinSettings s = load(List.of());
    assertThat(s.profile()).isEqualTo(Profile.LOCAL);
    assertThat(s.spark()).isEqualTo(new SparkSettings(Optional.of("local[*]"), "outsidein", 8, Map.of()));
    Path home = Path.of("").toAbsolutePath(); // no OUTSIDEIN_HOME in a test's environment: the working directory
    assertThat(s.storage()).isEqualTo(new StorageSettings(home.resolve("data/raw").toString(),
        home.resolve("data/warehouse").toString(), Optional.of(home.resolve("data/metastore_db").toString()),
        home.resolve("data/tmp").toString(), home.resolve("data/logs").toString(), java.util.OptionalInt.empty()));
    assertThat(s.s3()).isEqualTo(new S3Settings(Optional.empty(), false, true, List.of(
        "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
        "com.amazonaws.auth.EnvironmentVariableCredentialsProvider", "com.amazonaws.auth.profile.ProfileCredentialsProvider",
        "org.apache.hadoop.fs.s3a.auth.IAMInstanceCredentialsProvider"), Duration.ofSeconds(5), 3));
    assertThat(s.catalog()).isEqualTo(new CatalogSettings("silver", "gold", "ops"));
    assertThat(s.privacy()).isEqualTo(new PrivacySettings("OUTSIDEIN_PSEUDONYM_KEY", 16));
    IngestSettings ingest = ingest(List.of());
    assertThat(ingest.lookbackDays()).isEqualTo(30);
    assertThat(ingest.maxFutureSkew()).isEqualTo(Duration.ofHours(2));
    assertThat(ingest.quarantineRetentionDays()).isEqualTo(90);
    assertThat(ingest.maxQuarantineShare()).isEqualTo(0.05);
    assertThat(ingest.readParallelism()).isZero();
    for (Source source : Source.values()) {
      boolean orderLines = source == Source.ORDER_LINES;
      assertThat(ingest.source(source)).isEqualTo(new SourceSettings(List.of(new FeedSettings(FeedSettings.DEFAULT,
          source.id(), ZoneId.of("UTC"), ZoneId.of("UTC"), Map.of(), source.naturalKey())), 0.05, orderLines,
          orderLines));
    }
    assertThat(ingest.enumValues("channel")).containsExactly("web", "app", "store", "call_center", "chat", "email", "social", "sms");
    assertThat(ingest.enumValues("survey_type")).containsExactly("nps", "csat", "ces", "relationship");
    assertThat(ingest.enumValues("segment")).containsExactly("consumer", "premium", "small_business", "enterprise");
    assertThat(ingest.enumValues("acquisition_channel")).contains("web", "store", "referral", "paid_search");
    assertThat(ingest.enumValues("context_event_type"))
        .containsExactly("hurricane_warning", "storm", "heatwave", "holiday", "promotion");
    assertThat(ingest.enumValues("event_type")).contains("page_view", "login", "contact", "transfer", "resolve",
        "purchase", "shipped", "delivered", "returned", "refund");
    assertThat(ingest.synonymsOf("channel")).containsEntry("phone", "call_center").containsEntry("website", "web");
  }

  @Test
  void commandLineOverridesWinOverTheFile() throws IOException {
    Path file = folder.resolve("env.conf");
    Files.writeString(file, "outsidein.ingest.lookback-days = 10\noutsidein.spark.master = \"local[1]\"\n");
    com.typesafe.config.Config config = new ConfigLoader().load(Optional.of(file),
        List.of("outsidein.ingest.lookback-days=12", "outsidein.spark.master=local[2]"));
    OutsideinSettings s = OutsideinSettings.from(config);
    assertThat(ingest(config).lookbackDays()).isEqualTo(12);
    assertThat(s.spark().master()).contains("local[2]");
  }

  @Test
  void sourceSettingsMapColumnsAndFallBackToTheGlobalGate() {
    IngestSettings s = ingest(List.of(
        "outsidein.ingest.sources.order_lines.columns.quantity=qty",
        "outsidein.ingest.sources.order_lines.time-zone=America/New_York",
        "outsidein.ingest.sources.surveys.max-quarantine-share=0.2"));
    FeedSettings orders = s.source(Source.ORDER_LINES).feed();
    assertThat(orders.deliveredName("quantity")).isEqualTo("qty");
    assertThat(orders.deliveredName("sku")).isEqualTo("sku");
    assertThat(orders.timeZone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(s.source(Source.SURVEYS).maxQuarantineShare()).isEqualTo(0.2);
    assertThat(s.source(Source.INTERACTIONS).maxQuarantineShare()).isEqualTo(0.05);
  }

  @Test
  void feedsTakeTheirOwnLayoutAndInheritTheRestFromTheirSource() throws IOException {
    Path file = folder.resolve("feeds.conf");
    Files.writeString(file, String.join("\n",
        "outsidein.ingest.sources.order_lines {",
        "  time-zone = America/New_York",
        "  columns { quantity = qty }",
        "  feeds {",
        "    shop_a { path = order_lines }",
        "    shop_b {",
        "      path = \"s3a://other-bucket/exports/lines\"",
        "      time-zone = America/Sao_Paulo",
        "      columns { order_id = transaction, quantity = null }",
        "      key = [order_id, sku, quantity]",
        "    }",
        "  }",
        "}"));
    SourceSettings orders = ingest(new ConfigLoader().load(Optional.of(file), List.of())).source(Source.ORDER_LINES);
    assertThat(orders.feeds()).extracting(FeedSettings::name).containsExactly("shop_a", "shop_b");
    FeedSettings a = orders.feeds().get(0);
    FeedSettings b = orders.feeds().get(1);
    assertThat(a.path()).isEqualTo("order_lines");
    assertThat(a.timeZone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(a.deliveredName("quantity")).isEqualTo("qty");
    assertThat(a.key()).isEqualTo(Source.ORDER_LINES.naturalKey());
    assertThat(b.path()).isEqualTo("s3a://other-bucket/exports/lines");
    assertThat(b.timeZone()).isEqualTo(ZoneId.of("America/Sao_Paulo"));
    // Its own zone is its delivery zone too, unless it says otherwise.
    assertThat(b.deliveryZone()).isEqualTo(ZoneId.of("America/Sao_Paulo"));
    assertThat(b.deliveredName("order_id")).isEqualTo("transaction");
    assertThat(b.columns()).containsOnlyKeys("order_id");
    assertThat(b.key()).containsExactly("order_id", "sku", "quantity");
  }

  @Test
  void aFeedWithAnUnknownKeyOrNameStopsNamingIt() {
    assertThatThrownBy(() -> ingest(List.of("outsidein.ingest.sources.surveys.feeds.tool_b.timezone=UTC")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("outsidein.ingest.sources.surveys.feeds.tool_b.timezone")
        .hasMessageContaining("a key of a feed");
    assertThatThrownBy(() -> ingest(List.of("outsidein.ingest.sources.surveys.feeds.Tool.path=x")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("outsidein.ingest.sources.surveys.feeds.Tool");
  }

  @Test
  void aMappingSetByAnIncludedFileIsClearedByNull() throws IOException {
    Path included = folder.resolve("with-mapping.conf");
    Files.writeString(included, "outsidein.ingest.sources.order_lines.columns { quantity = qty, unit_price = price }\n");
    Path cleared = folder.resolve("cleared.conf");
    Files.writeString(cleared, "include \"with-mapping.conf\"\n"
        + "outsidein.ingest.sources.order_lines.columns = null\n");
    Path replaced = folder.resolve("replaced.conf");
    Files.writeString(replaced, "include \"with-mapping.conf\"\n"
        + "outsidein.ingest.sources.order_lines.columns = null\n"
        + "outsidein.ingest.sources.order_lines.columns { sku = item }\n");
    assertThat(ingest(new ConfigLoader().load(Optional.of(included), List.of())).source(Source.ORDER_LINES).feed()
        .columns()).containsOnlyKeys("quantity", "unit_price");
    assertThat(ingest(new ConfigLoader().load(Optional.of(cleared), List.of())).source(Source.ORDER_LINES).feed()
        .columns()).isEmpty();
    assertThat(ingest(new ConfigLoader().load(Optional.of(replaced), List.of())).source(Source.ORDER_LINES).feed()
        .columns()).containsExactly(Map.entry("sku", "item"));
  }

  @Test
  void returnsAndGuestPurchasesAreKeptOrQuarantinedAsConfigured() {
    SourceSettings quarantined = ingest(List.of("outsidein.ingest.sources.order_lines.returns=quarantine",
        "outsidein.ingest.sources.order_lines.guest-purchases=quarantine")).source(Source.ORDER_LINES);
    assertThat(quarantined.keepReturns()).isFalse();
    assertThat(quarantined.requiredFields(Source.ORDER_LINES)).contains("customer_id");
    SourceSettings kept = ingest(List.of()).source(Source.ORDER_LINES);
    assertThat(kept.keepReturns()).isTrue();
    assertThat(kept.requiredFields(Source.ORDER_LINES)).doesNotContain("customer_id").contains("order_id", "sku");
    assertThatThrownBy(() -> ingest(List.of("outsidein.ingest.sources.order_lines.returns=drop")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("outsidein.ingest.sources.order_lines.returns")
        .hasMessageContaining("keep or quarantine");
    // Only order lines have returns and guests.
    assertThatThrownBy(() -> ingest(List.of("outsidein.ingest.sources.surveys.returns=keep")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Unknown configuration key outsidein.ingest.sources.surveys.returns");
  }

  @Test
  void unknownKeyNamesTheKeyTheFileAndTheClosestKnownKey() throws IOException {
    Path file = folder.resolve("typo.conf");
    Files.writeString(file, "outsidein.ingest.lookback-dayz = 10\n");
    assertThatThrownBy(() -> new ConfigLoader().load(Optional.of(file), List.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Unknown configuration key outsidein.ingest.lookback-dayz")
        .hasMessageContaining("typo.conf: 1")
        .hasMessageContaining("did you mean outsidein.ingest.lookback-days?");
  }

  @Test
  void aMisspeltSourceNameInAMappingIsRejectedWithTheSourceMeant() {
    assertThatThrownBy(() -> ingest(List.of("outsidein.ingest.sources.orderlines.columns.quantity=qty")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Unknown configuration key outsidein.ingest.sources.orderlines.columns.quantity")
        .hasMessageContaining("command line --set")
        .hasMessageContaining("did you mean outsidein.ingest.sources.order_lines.columns.quantity?");
  }

  @Test
  void unknownColumnMappingTargetIsRejected() {
    assertThatThrownBy(() -> ingest(List.of("outsidein.ingest.sources.order_lines.columns.qty=quantity")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("outsidein.ingest.sources.order_lines.columns.qty")
        .hasMessageContaining("canonical field of order_lines");
  }

  @Test
  void wrongTypeNamesKeyValueAndOrigin() {
    assertThatThrownBy(() -> ingest(List.of("outsidein.ingest.lookback-days=soon")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Invalid configuration: outsidein.ingest.lookback-days = \"soon\" (command line --set); "
            + "must be a whole number from 0 to 3650");
  }

  @Test
  void outOfRangeNamesTheAllowedRange() {
    assertThatThrownBy(() -> ingest(List.of("outsidein.ingest.max-quarantine-share=1.5")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("outsidein.ingest.max-quarantine-share = 1.5")
        .hasMessageContaining("must be a number from 0.0 to 1.0");
    assertThatThrownBy(() -> ingest(List.of("outsidein.ingest.sources.surveys.time-zone=Mars/Olympus")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("must be a time-zone id");
    assertThatThrownBy(() -> load(List.of("outsidein.profile=production")))
        .hasMessageContaining("must be one of local, s3, cluster");
  }

  @Test
  void missingFileIsAClearError() {
    assertThatThrownBy(() -> new ConfigLoader().load(Optional.of(folder.resolve("nope.conf")), List.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("nope.conf does not exist");
  }

  @Test
  void sparkExtraIsOpenAndSecretsAreMaskedInTheDescription() {
    var config = new ConfigLoader().load(Optional.empty(),
        List.of("outsidein.spark.extra.\"spark.hadoop.fs.s3a.secret.key\"=hunter2"));
    OutsideinSettings s = OutsideinSettings.from(config);
    assertThat(s.spark().extra()).containsEntry("spark.hadoop.fs.s3a.secret.key", "hunter2");
    assertThat(String.join("\n", ConfigLoader.describe(config))).doesNotContain("hunter2").contains("****");
  }
}
