package io.outsidein.jobs.generate;

import java.io.Serializable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The customers master as Parquet rows: every customer, the referred ones included, delivered in the dt
 * folder of its signup day (customers from before the range in the first dt folder). Prospects are not
 * customers. The trailing columns (dt, natural key, expected reason) are for the writer and the ground truth.
 */
final class CustomerMasterGenerator implements Serializable {
  static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add("account_id", DataTypes.StringType)
      .add("segment", DataTypes.StringType)
      .add("signup_date", DataTypes.DateType)
      .add("acquisition_channel", DataTypes.StringType)
      .add("referred_by", DataTypes.StringType)
      .add("email", DataTypes.StringType)
      .add("phone", DataTypes.StringType)
      .add(RawRows.SOURCE, DataTypes.StringType)
      .add(RawRows.DT, DataTypes.StringType)
      .add(RawRows.KEY, DataTypes.StringType)
      .add(RawRows.REASON, DataTypes.StringType);
  /** The columns written to Parquet. */
  static final List<String> COLUMNS = List.of("customer_id", "account_id", "segment", "signup_date",
      "acquisition_channel", "referred_by", "email", "phone");

  private final GeneratorSettings settings;
  private final ProfileFactory profiles;

  CustomerMasterGenerator(GeneratorSettings settings, World world) {
    this.settings = settings;
    this.profiles = new ProfileFactory(settings, world);
  }

  long entities() {
    return settings.customers();
  }

  List<Row> rows(long entity) {
    FaultInjector faults = new FaultInjector(settings.badRate(), settings.to());
    Draw faultDraw = Draw.of(settings.seed(), Draw.Stream.FAULT, -2_000_000 - entity);
    List<Row> rows = new ArrayList<>();
    for (CustomerProfile customer : profiles.profiles(entity)) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("customer_id", customer.customerId());
      fields.put("account_id", customer.isBusiness() ? customer.account().id() : null);
      fields.put("segment", customer.segment());
      fields.put("signup_date", customer.signupDate());
      fields.put("acquisition_channel", customer.acquisitionChannel());
      fields.put("referred_by", customer.referredBy());
      fields.put("email", customer.email());
      fields.put("phone", customer.phone());
      LocalDate dt = customer.signupDate().isBefore(settings.from()) ? settings.from() : customer.signupDate();
      String key = SourceFormat.CUSTOMERS.naturalKey(fields);
      for (FaultInjector.Delivery delivery : faults.deliver(SourceFormat.CUSTOMERS, dt, fields, faultDraw)) {
        Object[] values = new Object[SCHEMA.size()];
        for (int i = 0; i < COLUMNS.size(); i++) {
          Object value = delivery.fields().get(COLUMNS.get(i));
          values[i] = value instanceof LocalDate date ? Date.valueOf(date) : value;
        }
        values[COLUMNS.size()] = SourceFormat.CUSTOMERS.id();
        values[COLUMNS.size() + 1] = delivery.dt().toString();
        values[COLUMNS.size() + 2] = key;
        values[COLUMNS.size() + 3] = delivery.reason();
        rows.add(RowFactory.create(values));
      }
    }
    return rows;
  }
}
