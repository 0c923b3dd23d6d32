package io.outsidein.jobs.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Describes, for ground_truth.json, the run, the layout conventions and every planted effect with its controls. */
final class PlantedTruths {
  private PlantedTruths() {}

  static Map<String, Object> run(GeneratorSettings settings, ProfileFactory profiles) {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("seed", settings.seed());
    run.put("from", settings.from().toString());
    run.put("to", settings.to().toString());
    run.put("customers", settings.customers());
    run.put("prospects", profiles.prospects());
    run.put("accounts", Accounts.count(settings));
    run.put("bad_rate", settings.badRate());
    run.put("late_rate", settings.volumes().lateRate());
    run.put("max_late_days", settings.volumes().maxLateDays());
    run.put("file_fault_day", settings.badRate() > 0 ? FileFaults.day(settings).toString() : null);
    return run;
  }

  static Map<String, Object> layout(GeneratorSettings settings, World world) {
    Map<String, Object> layout = new LinkedHashMap<>();
    layout.put("store_id", "<region>-<nnn>: the region is the part before the last '-', e.g. gulf-004");
    layout.put("regions", new TreeMap<>(World.REGION_ZONES));
    layout.put("coastal_regions", World.COASTAL_REGIONS);
    layout.put("stores_per_region", settings.volumes().storesPerRegion());
    layout.put("teams", World.DEPARTMENTS);
    layout.put("unit_id", "engagement units: a store_id, or a team whose unit_id is its department name");
    layout.put("customer_id", "C + 7 digits; referred customers are numbered above all base customers");
    layout.put("anonymous_id", "dev-<12 hex> per device; dev-kiosk-<store_id> is a kiosk shared by many customers");
    layout.put("agent_id", "A + 4 digits, agents-per-department consecutive ids per department in teams order");
    layout.put("account_id", "B + 5 digits; up to " + Accounts.MAX_CONTACTS + " contacts (customers) per account");
    layout.put("ids", ordered("event_id", "E<customer>-<nnnnn> (EV<visitor>-.. for prospects)",
        "order_id", "O<customer>-<nnnn>", "case_id", "K<customer>-<nnn>", "response_id", "R<customer>-<nnnn>",
        "engagement_response_id", "G-<unit>-<yyyyMM>-<nn>"));
    layout.put("order_lines", "CSV order_id,order_ts,customer_id,store_id,sku,qty,price; order_ts is local "
        + Times.ORDER_ZONE + " time without offset; store_id empty for online orders");
    layout.put("engagement", "month m delivered in dt = first day of m+1; the " + settings.engagement().historyMonths()
        + " months before from (and any month whose next first day is before from) in the first dt folder");
    layout.put("context_events", "delivered in the dt folder of start_date");
    layout.put("customers", "delivered in the dt of signup_date; customers from before the range in the first dt");
    layout.put("late_events", "late-rate of interactions arrive 1 to max-late-days days after their UTC date");
    layout.put("catalogue", world.catalogue().all().size() + " SKUs");
    return layout;
  }

  static Map<String, Object> planted(GeneratorSettings settings, World world) {
    GeneratorSettings.Planted p = settings.planted();
    Map<String, Object> planted = new LinkedHashMap<>();

    Map<String, Object> hurricane = new LinkedHashMap<>();
    hurricane.put("multiplier", p.hurricane().multiplier());
    hurricane.put("skus", p.hurricane().skus());
    hurricane.put("control_skus", p.hurricane().controlSkus());
    hurricane.put("base_rate_per_store_basket", p.hurricane().baseRate());
    List<Map<String, Object>> warnings = new ArrayList<>();
    for (ContextCalendar.Warning warning : world.calendar().warnings()) {
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("region", warning.region());
      w.put("scope", "region:" + warning.region());
      w.put("start_date", warning.start().toString());
      w.put("end_date", warning.end().toString());
      w.put("landfall", warning.landfall().toString());
      w.put("stores", world.storesIn(warning.region()));
      warnings.add(w);
    }
    hurricane.put("warnings", warnings);
    hurricane.put("measure", "units of a SKU sold per store and day in store orders (order_lines with store_id, "
        + "UTC date of order_time; stores sell 08:00-18:00 local) of the warned region's stores from start_date to "
        + "end_date, against the same stores on the other days of the range. Store visits are not raised, so "
        + "the control SKUs and all other items stay at ratio 1; online orders are never affected.");
    planted.put("hurricane_skus", hurricane);

    Map<String, Object> transfers = new LinkedHashMap<>();
    transfers.put("promoter_drop_pp_per_extra_transfer", p.transfers().promoterDrop());
    transfers.put("detractor_rise_pp_per_extra_transfer", p.transfers().detractorRise());
    transfers.put("nps_points_per_extra_transfer", -(p.transfers().promoterDrop() + p.transfers().detractorRise()));
    transfers.put("max_transfers", p.transfers().maxTransfers());
    transfers.put("ping_pong_rate", p.transfers().pingPongRate());
    transfers.put("baseline", ordered("promoter", SurveyModel.BASE_PROMOTER, "detractor",
        SurveyModel.BASE_DETRACTOR));
    transfers.put("measure", "extra transfers = transfer events of the case after the first; the survey with "
        + "that case_id is promoter/passive/detractor with P(promoter) = baseline - drop x extra and P(detractor) "
        + "= baseline + rise x extra (averaged over loyalty, which does not depend on transfers); applies to "
        + "nps, csat and ces answers about cases (nps 9-10 / 7-8 / 0-6, csat 4-5 / 3-4 / 1-3, ces 6-7 / 4-5 / 1-3)");
    transfers.put("control", "surveys about orders and relationship surveys do not depend on transfers");
    planted.put("transfers_to_detractors", transfers);

    Map<String, Object> engagement = new LinkedHashMap<>();
    engagement.put("nps_points_per_engagement_point", p.engagementNpsSlope());
    engagement.put("lag_months", 1);
    engagement.put("centre", EngagementLevels.CENTRE);
    engagement.put("measure", "engagement of a unit in month m = mean of q01..q12 of its pulse answers; NPS "
        + "(100 x (promoters - detractors) / answers) in month m+1 (UTC month of submitted_at) of the answers about "
        + "a case whose last department is the team, or about a store order at the store; the promoter and "
        + "detractor shares each move by slope/200 per engagement point");
    engagement.put("control", "answers about online orders and relationship surveys are not affected");
    planted.put("engagement_to_nps", engagement);

    Map<String, Object> renewal = new LinkedHashMap<>();
    renewal.put("base_rate", p.renewal().baseRate());
    renewal.put("per_contact_pp", p.renewal().perContact());
    renewal.put("per_department_pp", p.renewal().perDepartment());
    renewal.put("chance", "base_rate + (per_contact_pp x (active contacts - 1) + per_department_pp x "
        + "(departments - 1)) / 100");
    renewal.put("breadth", "active contacts = the account's customers with any interaction in the range (1 to "
        + Accounts.MAX_CONTACTS + "); departments = distinct department of their case events (1 to "
        + Accounts.MAX_DEPARTMENTS + "); other contacts of the account are dormant");
    renewal.put("renewal_event", ordered("source", "interactions", "event_type", "purchase", "channel", "email",
        "customer_id", "the account's primary contact", "properties", ordered("kind", "renewal", "account_id",
            "<account_id>"), "amount", "contract value"));
    renewal.put("due", "every account's contract comes due on one day of the range; no renewal event means it "
        + "did not renew");
    planted.put("b2b_breadth_to_renewal", renewal);

    Map<String, Object> referrals = new LinkedHashMap<>();
    referrals.put("promoter_rate_per_30_days", p.referrals().promoterRate());
    referrals.put("other_rate_per_30_days", p.referrals().otherRate());
    referrals.put("max_per_customer", ProfileFactory.MAX_REFERRALS);
    referrals.put("promoter", "latent loyalty class: its relationship NPS answers are 9-10 80 % of the time "
        + "(passive 25 %, detractor 5 %)");
    referrals.put("evidence", "interaction event_type referral with properties.referred_customer_id; the referred "
        + "customer has referred_by = the referrer and acquisition_channel referral, and signs up 0-2 days later");
    referrals.put("ratio", p.referrals().promoterRate() / p.referrals().otherRate());
    referrals.put("ratio_by_latest_relationship_answer", observableReferralRatio(p.referrals()));
    referrals.put("observable", "what a warehouse can measure: among customers not referred themselves who gave a "
        + "relationship answer, the referral rate of those whose latest answer is 9-10 over the rate of the others; "
        + "lower than the latent ratio, because an answer misplaces some customers' class");
    planted.put("promoter_referrals", referrals);

    Map<String, Object> pairs = new LinkedHashMap<>();
    pairs.put("pairs", pairs(world.catalogue().pairs(), p.coPurchase().lift(), p.coPurchase().support()));
    pairs.put("control_pairs", pairs(world.catalogue().controlPairs(), 1.0, p.coPurchase().support()));
    pairs.put("measure", "baskets = distinct order_id in order_lines (store and online); lift = P(a and b) / "
        + "(P(a) P(b)); popular items are drawn independently (lift about 1, slightly above from basket sizes "
        + "differing by segment)");
    planted.put("co_purchase", pairs);

    planted.put("not_planted", List.of("holiday, promotion, heatwave and storm contexts change no sales",
        "control SKUs and control pairs", "ping-pong itself (only the number of transfers matters)"));
    return planted;
  }

  /**
   * The referral rate ratio by the latest relationship answer (9-10 against the rest): each answer group mixes the
   * loyalty classes by share x chance of that answer, and refers at their mixed rate.
   */
  static double observableReferralRatio(GeneratorSettings.Referrals rates) {
    double[] byAnswer = new double[4]; // promoter answer: rate-weighted, weight; other answer: the same
    for (CustomerProfile.Loyalty loyalty : CustomerProfile.Loyalty.values()) {
      double share = ProfileFactory.LOYALTY_SHARES[loyalty.ordinal()];
      double nine = SurveyModel.relationshipPromoterChance(loyalty);
      double rate = loyalty == CustomerProfile.Loyalty.PROMOTER ? rates.promoterRate() : rates.otherRate();
      byAnswer[0] += share * nine * rate;
      byAnswer[1] += share * nine;
      byAnswer[2] += share * (1 - nine) * rate;
      byAnswer[3] += share * (1 - nine);
    }
    return (byAnswer[0] / byAnswer[1]) / (byAnswer[2] / byAnswer[3]);
  }

  private static List<Map<String, Object>> pairs(List<Catalogue.Pair> pairs, double lift, double support) {
    List<Map<String, Object>> described = new ArrayList<>();
    for (Catalogue.Pair pair : pairs) {
      described.add(ordered("a", pair.first(), "b", pair.second(), "lift", lift, "support_each", support));
    }
    return described;
  }

  /** A map in the order of its keys and values, so the JSON reads in a stable, sensible order. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
