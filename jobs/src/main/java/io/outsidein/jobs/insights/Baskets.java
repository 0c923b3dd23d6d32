package io.outsidein.jobs.insights;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Silver order lines as basket lines ({@link BasketMiner#BASKET}, {@link BasketMiner#ITEM}): the sold lines
 * (positive quantity; a return is not a purchase) of an order, or of one customer within one fixed window of days.
 */
final class Baskets {
  private Baskets() {}

  static Dataset<Row> lines(Dataset<Row> orderLines, BasketSettings settings) {
    Dataset<Row> sold = orderLines.where(col("quantity").gt(0).and(col("sku").isNotNull()));
    Column basket = switch (settings.kind()) {
      case ORDER -> col("order_id");
      // Fixed windows from the epoch, not from the run: a basket is the same whichever night mines it.
      case CUSTOMER_WINDOW -> concat_ws(":", col("customer_id"), floor(datediff(to_date(col("order_time")),
          lit(java.sql.Date.valueOf("1970-01-01"))).divide(settings.customerWindow().toDays())).cast("string"));
    };
    Dataset<Row> buyers = settings.kind() == BasketSettings.BasketKind.CUSTOMER_WINDOW
        ? sold.where(col("customer_id").isNotNull())
        : sold;
    return buyers.select(basket.as(BasketMiner.BASKET), col("sku").as(BasketMiner.ITEM));
  }

  /** Sold lines with no customer: left out of customer-window baskets, and said so. */
  static long guestLines(Dataset<Row> orderLines, BasketSettings settings) {
    return settings.kind() == BasketSettings.BasketKind.CUSTOMER_WINDOW
        ? orderLines.where(col("quantity").gt(0).and(col("customer_id").isNull())).count()
        : 0;
  }
}
