package io.outsidein.common.tables;

import io.outsidein.common.config.CatalogSettings;
import io.outsidein.common.io.TableDefinition;
import io.outsidein.common.io.TableName;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code gold.customer_scores}: one row per customer, merged on customer_id by the customers stage, answering
 * what a customer is worth, what they cost to serve and whether they bring others, each with the inputs behind
 * the answer as columns and a {@code why}. Money is in the currency of the order lines.
 */
public final class CustomerTables {
  private CustomerTables() {}

  public static final StructType CUSTOMER_SCORES = new StructType(new StructField[] {
      field("customer_id", DataTypes.StringType, "Customer (pseudonymised); the merge key"),
      field("run_date", DataTypes.DateType, "Date the row was computed for: the last day of its window"),
      field("window_start", DataTypes.DateType, "First day of the window every figure of the row covers"),
      field("segment", DataTypes.StringType, "Customer segment from the customer master; null if not in it"),
      field("acquisition_channel", DataTypes.StringType, "Channel that acquired the customer"),
      field("signup_date", DataTypes.DateType, "Date the customer signed up, from the customer master"),
      field("orders", DataTypes.LongType, "Orders with at least one sold line in the window"),
      field("revenue", DataTypes.DoubleType, "Sum of quantity x unit price of sold lines"),
      field("refunds", DataTypes.DoubleType, "Money returned: quantity x unit price of return lines, positive"),
      field("net_revenue", DataTypes.DoubleType, "revenue - refunds"),
      field("margin", DataTypes.DoubleType, "net_revenue x customers.margin-rate"),
      field("last_order_date", DataTypes.DateType, "UTC date of the latest sold line, in the window"),
      field("contacts", DataTypes.LongType, "Interactions of event type contact (any channel)"),
      field("contact_cost", DataTypes.DoubleType, "Contacts x customers.costs.contact of their channel"),
      field("handling_cost", DataTypes.DoubleType,
          "Contacts x customers.costs.handling-minutes of their channel x agent-cost-per-minute"),
      field("transfers", DataTypes.LongType, "Interactions of event type transfer: hand-overs between departments"),
      field("transfer_cost", DataTypes.DoubleType, "transfers x customers.costs.transfer"),
      field("returned_lines", DataTypes.LongType, "Order lines with a negative quantity"),
      field("return_cost", DataTypes.DoubleType, "returned_lines x customers.costs.return"),
      field("cost_to_serve", DataTypes.DoubleType, "contact_cost + handling_cost + transfer_cost + return_cost"),
      field("net_value", DataTypes.DoubleType, "margin - cost_to_serve: what the customer was worth in the window"),
      field("value_12m", DataTypes.DoubleType, "Predicted net value over the next customers.forecast.horizon "
          + "(12 months): net value per day seen (from the window's first day with data, or the signup), shrunk "
          + "toward the segment's by forecast.prior-days, times the horizon; its held-out error is in the run log"),
      field("value_rank", DataTypes.IntegerType, "Rank by net_value among the run's customers, 1 = most valuable"),
      field("cost_to_value", DataTypes.DoubleType,
          "cost_to_serve / margin; null when the margin is not positive"),
      field("costly", DataTypes.BooleanType, "Cost to serve above customers.costly-ratio x margin (or any cost "
          + "to serve with no positive margin): costs more than they are worth"),
      field("recency_days", DataTypes.IntegerType, "Days from last_order_date to run_date; null without an order"),
      field("r_score", DataTypes.IntegerType,
          "Recency quintile among customers with an order, 5 = most recent; null without an order"),
      field("f_score", DataTypes.IntegerType, "Frequency (orders) quintile, 5 = most orders"),
      field("m_score", DataTypes.IntegerType, "Monetary (net_revenue) quintile, 5 = most"),
      field("rfm", DataTypes.StringType, "r_score, f_score and m_score as three digits, e.g. 555"),
      field("ces_n", DataTypes.LongType, "CES answers (1-7) in the window"),
      field("ces_mean", DataTypes.DoubleType, "Mean CES answer, 7 = most effort; null without an answer"),
      field("contacts_per_order", DataTypes.DoubleType, "contacts / orders; null without an order"),
      field("nps_latest", DataTypes.IntegerType, "Latest NPS or relationship answer (0-10) in the window"),
      field("promoter", DataTypes.BooleanType, "nps_latest is 9 or 10"),
      field("referrals", DataTypes.LongType, "Referral events of the customer in the window"),
      field("referred_customers", DataTypes.LongType,
          "Customers in the master whose referred_by is this customer (any signup date)"),
      field("referred_value", DataTypes.DoubleType, "Net revenue in the window of the referred customers"),
      field("advocate", DataTypes.BooleanType, "A promoter who referred others (referral events or referred "
          + "customers): drives new business"),
      field("prospect", DataTypes.BooleanType, "In the customer master, never bought (no order line up to run_date)"),
      field("first_weeks", DataTypes.StringType, "Interactions in the first 14 days from signup: none, light "
          + "(1-5), active (6-20), heavy (over 20); unknown when the signup is before the window"),
      field("lookalike_score", DataTypes.DoubleType, "Prospects: how much segment, acquisition channel and first "
          + "weeks look like the top customers.lookalike.top-share of buyers by net value, as e^s / (1 + e^s) "
          + "with s the sum of log(share among the top / share among all buyers); 0.5 = an average buyer"),
      field("lookalike_why", DataTypes.createArrayType(DataTypes.StringType),
          "Prospects: the features that raise the lookalike score most, e.g. 'segment = premium: 2.10x as common "
              + "among the top customers'"),
      field("conversion_propensity", DataTypes.DoubleType, "Prospects: chance of a first order within "
          + "customers.models.conversion-horizon, from the conversion model (an MLlib logistic regression trained "
          + "on past prospects); null when the model was not trained or its held-out AUC is under the floor"),
      field("conversion_why", DataTypes.createArrayType(DataTypes.StringType), "Prospects: the features that "
          + "raise the conversion odds most over an average past prospect, e.g. 'page_views 14 (mean 3.20): odds "
          + "x1.85'"),
      field("churn_risk", DataTypes.DoubleType, "Customers with an order in the window: chance of no order within "
          + "customers.models.churn-horizon, from the churn model; null when it was not trained or is under the "
          + "floor"),
      field("churn_why", DataTypes.createArrayType(DataTypes.StringType),
          "Customers with an order: the features that raise the churn odds most over an average past customer"),
      field("model_version", DataTypes.StringType, "The model version that scored the row (conversion@date or "
          + "churn@date, the run date it was trained on; saved under the warehouse's models folder); null when no "
          + "model scored it"),
      field("why", DataTypes.createArrayType(DataTypes.StringType),
          "The largest reasons behind the answers, e.g. 'cost: 12 call_center contacts 48.00', largest first"),
      field("scored_at", DataTypes.TimestampType, "When the row was written, UTC")});

  public static TableDefinition customerScores(CatalogSettings catalog) {
    return new TableDefinition(new TableName(catalog.goldDatabase(), "customer_scores"), CUSTOMER_SCORES, List.of(),
        "One row per customer: value net of cost to serve, costly customers, RFM, effort, advocates, lookalike, "
            + "conversion propensity and churn risk, each with its inputs and why");
  }

  private static StructField field(String name, DataType type, String comment) {
    return TableDefinition.column(name, type, comment);
  }
}
